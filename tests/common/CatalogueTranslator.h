#pragma once

#include <QFile>
#include <QList>
#include <QMutex>
#include <QMutexLocker>
#include <QSet>
#include <QString>
#include <QTranslator>
#include <QXmlStreamReader>

#include <utility>

namespace tokenscope::test {

// A translator over Tokenscope's Qt Linguist catalogue (a .ts file) that records every (context, source) pair the
// code asks it for. A pair the catalogue lacks is a string whose tr() context differs from the one lupdate filed it
// under, so a translator's work on it can never load. It translates nothing: the code keeps its source text.
class CatalogueTranslator : public QTranslator
{
public:
    using Message = std::pair<QString, QString>; // context, source text

    // Reads the <context><name>…</name><message><source>…</source> pairs of `path`; false when it cannot.
    bool loadCatalogue(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        QXmlStreamReader xml(&file);
        QString context;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == u"name")
                context = xml.readElementText();
            else if (xml.name() == u"source")
                m_catalogue.insert({context, xml.readElementText()});
        }
        return !xml.hasError() && !m_catalogue.isEmpty();
    }

    QString translate(const char *context, const char *sourceText, const char *, int) const override
    {
        const QMutexLocker lock(&m_mutex);
        m_requested.append({QString::fromUtf8(context), QString::fromUtf8(sourceText)});
        return {};
    }
    bool isEmpty() const override { return false; }

    // What the code asked for since the last clear(), in order.
    QList<Message> requested() const
    {
        const QMutexLocker lock(&m_mutex);
        return m_requested;
    }
    // The requested pairs the catalogue does not hold.
    QList<Message> missing() const
    {
        QList<Message> result;
        for (const Message &message : requested()) {
            if (!m_catalogue.contains(message))
                result.append(message);
        }
        return result;
    }
    void clear()
    {
        const QMutexLocker lock(&m_mutex);
        m_requested.clear();
    }

private:
    QSet<Message> m_catalogue;
    mutable QMutex m_mutex; // translate() may be called from any thread
    mutable QList<Message> m_requested;
};

} // namespace tokenscope::test
