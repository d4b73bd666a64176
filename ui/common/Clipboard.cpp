#include "common/Clipboard.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>

namespace tokenscope::Clipboard {

void copyText(const QString &text, Sensitivity sensitivity)
{
    auto *data = new QMimeData;
    data->setText(text);
    if (sensitivity == Sensitivity::Concealed) {
        // The de-facto hints: KDE's password-manager hint and the Windows clipboard-history opt-outs.
        data->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
        data->setData(QStringLiteral("ExcludeClipboardContentFromMonitorProcessing"), QByteArrayLiteral("1"));
        data->setData(QStringLiteral("CanIncludeInClipboardHistory"), QByteArray(4, '\0'));
        data->setData(QStringLiteral("CanUploadToCloudClipboard"), QByteArray(4, '\0'));
    }
    QGuiApplication::clipboard()->setMimeData(data);
}

} // namespace tokenscope::Clipboard
