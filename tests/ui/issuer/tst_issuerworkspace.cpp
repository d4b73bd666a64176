// The Issuer workspace driven like a user would: start the mock issuer on 127.0.0.1 (a free port, a fixed clock,
// a temporary database), talk to it over HTTP, and check what the lists, log and buttons show.
// Over 700 lines: one fixture drives the whole workspace, and each pane's behaviour is a short function of it.

#include "../../issuer/IssuerTestSupport.h"
#include "common/Clock.h"
#include "common/MessageBanner.h"
#include "common/Settings.h"
#include "common/Theme.h"
#include "issuer/ClientDirectoryModel.h"
#include "issuer/IssuedTokensModel.h"
#include "issuer/IssuerEndpointsTable.h"
#include "issuer/IssuerFaultsPanel.h"
#include "issuer/IssuerPicker.h"
#include "issuer/IssuerWorkspace.h"
#include "issuer/MockIssuer.h"
#include "issuer/ProbePanel.h"
#include "issuer/RequestLogModel.h"
#include "issuer/UserDirectoryModel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::issuer::testing;

namespace {

constexpr qint64 startTime = 1'900'000'000;

// A workspace over throwaway settings with a fixed clock, started on a free port.
struct Workspace
{
    Workspace() : settings(Settings::throwaway()), clock(startTime)
    {
        widget = std::make_unique<IssuerWorkspace>(&network, settings.get());
        widget->setClock(&clock);
        widget->resize(1400, 900);
    }
    [[nodiscard]] QUrl url(const QString &path) const
    {
        QUrl url = widget->issuer()->issuerUrl();
        url.setPath(path);
        return url;
    }
    HttpResult clientCredentials()
    {
        return http.post(url(u"/token"_s), form({{u"grant_type"_s, u"client_credentials"_s}}),
                         {{"Authorization", basic(u"demo"_s, u"demo-secret"_s)}});
    }
    HttpResult password()
    {
        return http.post(url(u"/token"_s),
                         form({{u"grant_type"_s, u"password"_s},
                               {u"client_id"_s, u"demo-public"_s},
                               {u"username"_s, u"alice"_s},
                               {u"password"_s, u"alice"_s},
                               {u"scope"_s, u"openid offline_access"_s}}));
    }
    HttpResult introspect(const QString &token)
    {
        return http.post(url(u"/introspect"_s), form({{u"token"_s, token}}),
                         {{"Authorization", basic(u"demo"_s, u"demo-secret"_s)}});
    }
    // The row of the newest token of `kind`, or -1.
    [[nodiscard]] int rowOf(IssuedTokensModel::Kind kind) const
    {
        IssuedTokensModel *model = widget->tokensModel();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->row(row).kind == kind)
                return row;
        }
        return -1;
    }
    [[nodiscard]] QString statusText(int row) const
    {
        IssuedTokensModel *model = widget->tokensModel();
        return model->index(row, IssuedTokensModel::StatusColumn).data().toString();
    }
    // Triggers an admin action and waits until the issuer answered and the lists show its state after it.
    [[nodiscard]] bool triggerAdmin(QAction *action)
    {
        QSignalSpy finished(widget.get(), &IssuerWorkspace::adminRequestFinished);
        action->trigger();
        return finished.wait(10000) && finished.constFirst().constFirst().toBool();
    }
    // Starts the issuer and waits for its first state (the clients, users and keys come with it).
    [[nodiscard]] bool startAndWaitForState()
    {
        if (!widget->startIssuer())
            return false;
        QSignalSpy state(widget->adminClient(), &IssuerAdminClient::stateAvailable);
        return state.wait(10000);
    }
    [[nodiscard]] static QString text(const QAbstractItemModel *model, int row, int column)
    {
        return model->index(row, column).data().toString();
    }

    std::unique_ptr<Settings> settings;
    FixedClock clock;
    QNetworkAccessManager network;
    HttpClient http;
    std::unique_ptr<IssuerWorkspace> widget;
};

QStringList allText(const QAbstractItemModel *model)
{
    QStringList text;
    for (int row = 0; row < model->rowCount(); ++row) {
        for (int column = 0; column < model->columnCount(); ++column) {
            const QModelIndex index = model->index(row, column);
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::AccessibleTextRole)})
                text << index.data(role).toString();
        }
    }
    return text;
}

QStringList kidsOf(const HttpResult &jwks)
{
    QStringList kids;
    for (const QJsonValue &key : jwks.json().value(u"keys"_s).toArray())
        kids << key.toObject().value(u"kid"_s).toString();
    return kids;
}

} // namespace

class TestIssuerWorkspace : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void startsAndStopsWithATemporaryDatabase();
    void showsReachableEndpoints();
    void listsClientsAndUsersWithMaskedSecrets();
    void issuedTokensAppearWithTheRequestLog_data();
    void issuedTokensAppearWithTheRequestLog();
    void revokingFromTheUiMakesIntrospectionInactive_data();
    void revokingFromTheUiMakesIntrospectionInactive();
    void banningAUserRevokesTheirTokens();
    void advancingTheClockExpiresTokens_data();
    void advancingTheClockExpiresTokens();
    void rotatingKeysPublishesANewKid();
    void refusedAdminRequestIsAnInlineError();
    void openInInspectEmitsTheToken();
    void portInUseIsAnInlineError();
    void badConfigFileIsAnInlineErrorNamingTheFile();
    void unusableDatabaseIsAnInlineErrorNamingTheFile();
    void databaseFromANewerTokenscopeIsAnInlineErrorSayingSo();
    void settingsNeverHoldSecrets();
    void probeTabIsPrefilledWithTheRunningIssuer();
    void everyActionHasAShortcutAndAName();
    void faultsPanelSwitchesTheIssuersFaults();
    void issuerPickerShowsOneTenantAtATime();
    void screenshots();
};

void TestIssuerWorkspace::initTestCase()
{
    qRegisterMetaType<tokenscope::issuer::IssuerLogEntry>();
    qRegisterMetaType<tokenscope::issuer::IssuedTokens>();
}

void TestIssuerWorkspace::startsAndStopsWithATemporaryDatabase()
{
    QString databasePath;
    {
        Workspace w;
        QAbstractItemModelTester tokensTester(w.widget->tokensModel());
        QAbstractItemModelTester logTester(w.widget->logModel());
        QSignalSpy running(w.widget.get(), &IssuerWorkspace::issuerRunningChanged);
        QVERIFY(!w.widget->isIssuerRunning());
        QVERIFY(w.widget->startAction()->isEnabled());
        QVERIFY(!w.widget->stopAction()->isEnabled());

        w.widget->startAction()->trigger();
        QVERIFY2(w.widget->isIssuerRunning(), qPrintable(w.widget->messageBanner()->text()));
        QCOMPARE(running.size(), 1);
        QVERIFY(!w.widget->startAction()->isEnabled());
        QVERIFY(w.widget->stopAction()->isEnabled());
        const QString url = w.widget->issuer()->issuerUrl().toString();
        QVERIFY(url.startsWith(u"http://127.0.0.1:"_s));
        QVERIFY(w.widget->statusLabel()->text().contains(url));
        // Where the state lives is said plainly.
        databasePath = w.widget->databasePath();
        QVERIFY(QFileInfo::exists(databasePath));
        QVERIFY(w.widget->statusLabel()->text().contains(QDir::toNativeSeparators(databasePath)));
        QVERIFY(w.widget->statusLabel()->text().contains(u"temporary"_s));
        QVERIFY(w.widget->clockLabel()->text().contains(u"2030-03-17"_s)); // startTime, UTC

        w.widget->stopAction()->trigger();
        QVERIFY(!w.widget->isIssuerRunning());
        QCOMPARE(running.size(), 2);
        QVERIFY(w.widget->statusLabel()->text().contains(u"Stopped"_s));
        QCOMPARE(w.widget->endpointsTable()->rowCount(), 0);
        // The session database survives a stop and start.
        QVERIFY(QFileInfo::exists(databasePath));
        QVERIFY(w.widget->startIssuer());
        QCOMPARE(w.widget->databasePath(), databasePath);
    }
    // Destroying the widget stops the issuer and removes the temporary database.
    QVERIFY(!databasePath.isEmpty());
    QVERIFY(!QFileInfo::exists(databasePath));
}

void TestIssuerWorkspace::showsReachableEndpoints()
{
    Workspace w;
    QVERIFY(w.widget->startIssuer());
    QTableWidget *table = w.widget->endpointsTable();
    QHash<QString, QString> endpoints;
    for (int row = 0; row < table->rowCount(); ++row) {
        endpoints.insert(table->item(row, 0)->text(), table->item(row, 1)->text());
        QVERIFY(table->cellWidget(row, 2)); // a copy button
        QVERIFY(!table->cellWidget(row, 2)->accessibleName().isEmpty());
    }
    for (const QString &name : {u"Issuer"_s, u"Discovery"_s, u"JWKS"_s, u"Token"_s, u"Revocation (RFC 7009)"_s,
                                u"Introspection (RFC 7662)"_s, u"Userinfo"_s, u"End session"_s})
        QVERIFY2(endpoints.contains(name), qPrintable(name));

    // Discovery through the injected network access manager, as the app would.
    QNetworkReply *reply = w.network.get(QNetworkRequest(QUrl(endpoints.value(u"Discovery"_s))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QJsonObject discovery = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    QCOMPARE(discovery.value(u"issuer"_s).toString(), endpoints.value(u"Issuer"_s));
    QCOMPARE(discovery.value(u"jwks_uri"_s).toString(), endpoints.value(u"JWKS"_s));
    QCOMPARE(discovery.value(u"token_endpoint"_s).toString(), endpoints.value(u"Token"_s));
    QCOMPARE(discovery.value(u"revocation_endpoint"_s).toString(), endpoints.value(u"Revocation (RFC 7009)"_s));
    QCOMPARE(discovery.value(u"introspection_endpoint"_s).toString(), endpoints.value(u"Introspection (RFC 7662)"_s));
    const HttpResult jwks = w.http.get(QUrl(endpoints.value(u"JWKS"_s)));
    QCOMPARE(jwks.status, 200);
    QCOMPARE(kidsOf(jwks).size(), 1);
    // The request log saw both, never with a query or token.
    QTRY_VERIFY(w.widget->logModel()->rowCount() >= 2);
    QCOMPARE(w.widget->logModel()->entry(0).path, u"/.well-known/openid-configuration"_s);
    QCOMPARE(w.widget->logModel()->entry(0).status, 200);
}

void TestIssuerWorkspace::listsClientsAndUsersWithMaskedSecrets()
{
    Workspace w;
    QAbstractItemModelTester clientsTester(w.widget->clientsModel(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester usersTester(w.widget->usersModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(w.startAndWaitForState());
    QCOMPARE(w.widget->clientsView()->model(), w.widget->clientsModel());
    QCOMPARE(w.widget->clientsView()->accessibleName(), u"Clients"_s);
    QCOMPARE(w.widget->usersView()->accessibleName(), u"Users"_s);
    ClientDirectoryModel *clients = w.widget->clientsModel();
    QCOMPARE(clients->rowCount(), 2);
    // Sorted by client ID, as the issuer lists them.
    QCOMPARE(w.text(clients, 0, ClientDirectoryModel::ClientIdColumn), u"demo"_s);
    QCOMPARE(w.text(clients, 1, ClientDirectoryModel::ClientIdColumn), u"demo-public"_s);
    QCOMPARE(w.text(clients, 1, ClientDirectoryModel::TypeColumn), u"public"_s);
    const int demoRow = 0;
    QCOMPARE(w.text(clients, demoRow, ClientDirectoryModel::TypeColumn), u"confidential"_s);
    QVERIFY(!w.text(clients, demoRow, ClientDirectoryModel::SecretColumn).contains(u"demo-secret"_s));
    UserDirectoryModel *users = w.widget->usersModel();
    QCOMPARE(users->rowCount(), 1);
    QCOMPARE(w.text(users, 0, UserDirectoryModel::UsernameColumn), u"alice"_s);
    QVERIFY(w.text(users, 0, UserDirectoryModel::PasswordColumn) != u"alice"_s);
    QCOMPARE(w.text(users, 0, UserDirectoryModel::StatusColumn), u"active"_s);

    w.widget->showSecretsAction()->trigger();
    QCOMPARE(w.text(clients, demoRow, ClientDirectoryModel::SecretColumn), u"demo-secret"_s);
    QCOMPARE(w.text(users, 0, UserDirectoryModel::PasswordColumn), u"alice"_s);
    QCOMPARE(w.widget->showSecretsAction()->text().remove(u'&'), u"Hide Secrets"_s);
    w.widget->showSecretsAction()->trigger();
    QVERIFY(!w.text(clients, demoRow, ClientDirectoryModel::SecretColumn).contains(u"demo-secret"_s));

    // Copying a secret marks it concealed for clipboard managers.
    QVERIFY(!w.widget->copySecretAction()->isEnabled());
    w.widget->clientsView()->selectRow(demoRow);
    QVERIFY(w.widget->copySecretAction()->isEnabled());
    w.widget->copySecretAction()->trigger();
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    QVERIFY(mime);
    QCOMPARE(mime->text(), u"demo-secret"_s);
    QCOMPARE(mime->data(u"x-kde-passwordManagerHint"_s), QByteArray("secret"));
}

void TestIssuerWorkspace::issuedTokensAppearWithTheRequestLog_data()
{
    QTest::addColumn<QString>("grant");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("who");
    QTest::newRow("client_credentials") << u"client_credentials"_s << 1 << u"demo"_s;
    QTest::newRow("password") << u"password"_s << 3 << u"alice via demo-public"_s;
}

void TestIssuerWorkspace::issuedTokensAppearWithTheRequestLog()
{
    QFETCH(QString, grant);
    QFETCH(int, rows);
    QFETCH(QString, who);
    Workspace w;
    QAbstractItemModelTester tokensTester(w.widget->tokensModel(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester logTester(w.widget->logModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(w.widget->startIssuer());
    const HttpResult response = grant == u"password" ? w.password() : w.clientCredentials();
    QCOMPARE(response.status, 200);

    IssuedTokensModel *tokens = w.widget->tokensModel();
    QTRY_COMPARE(tokens->rowCount(), rows);
    const int access = w.rowOf(IssuedTokensModel::Kind::Access);
    QVERIFY(access >= 0);
    QCOMPARE(tokens->row(access).token, response.string("access_token").toLatin1());
    QCOMPARE(tokens->index(access, IssuedTokensModel::WhoColumn).data().toString(), who);
    QCOMPARE(tokens->index(access, IssuedTokensModel::KindColumn).data().toString(), u"Access"_s);
    QCOMPARE(tokens->row(access).issuedAt, startTime);
    QCOMPARE(tokens->row(access).expiresAt, startTime + 15 * 60);
    QVERIFY(!tokens->index(access, IssuedTokensModel::KidColumn).data().toString().isEmpty());
    QCOMPARE(w.statusText(access), u"active"_s);
    if (rows == 3) {
        QVERIFY(w.rowOf(IssuedTokensModel::Kind::Refresh) >= 0);
        QVERIFY(w.rowOf(IssuedTokensModel::Kind::Id) >= 0);
    }

    RequestLogModel *log = w.widget->logModel();
    QTRY_COMPARE(log->rowCount(), 1);
    QCOMPARE(log->entry(0).method, u"POST"_s);
    QCOMPARE(log->entry(0).path, u"/token"_s);
    QCOMPARE(log->entry(0).status, 200);
    QCOMPARE(log->index(0, RequestLogModel::GrantColumn).data().toString(), grant);

    // The log and the tokens list never show a token or a secret.
    QStringList secrets {response.string("access_token"), u"demo-secret"_s};
    if (!response.string("refresh_token").isEmpty())
        secrets << response.string("refresh_token") << response.string("id_token");
    const QString logText = allText(log).join(u'\n');
    const QString tokensText = allText(tokens).join(u'\n');
    for (const QString &secret : std::as_const(secrets)) {
        QVERIFY(!logText.contains(secret));
        QVERIFY(!tokensText.contains(secret));
    }
    // A failed request is logged with its error code only.
    const HttpResult refused = w.http.post(w.url(u"/token"_s), form({{u"grant_type"_s, u"client_credentials"_s}}),
                                           {{"Authorization", basic(u"demo"_s, u"wrong"_s)}});
    QCOMPARE(refused.status, 401);
    QTRY_COMPARE(log->rowCount(), 2);
    QCOMPARE(log->index(1, RequestLogModel::ErrorColumn).data().toString(), u"invalid_client"_s);
    QVERIFY(!allText(log).join(u'\n').contains(u"wrong"_s));
}

void TestIssuerWorkspace::revokingFromTheUiMakesIntrospectionInactive_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("family");
    QTest::newRow("access token") << int(IssuedTokensModel::Kind::Access) << false;
    QTest::newRow("refresh token") << int(IssuedTokensModel::Kind::Refresh) << false;
    QTest::newRow("family of the access token") << int(IssuedTokensModel::Kind::Access) << true;
}

void TestIssuerWorkspace::revokingFromTheUiMakesIntrospectionInactive()
{
    QFETCH(int, kind);
    QFETCH(bool, family);
    Workspace w;
    QVERIFY(w.widget->startIssuer());
    const HttpResult response = w.password();
    QCOMPARE(response.status, 200);
    const QString token = kind == int(IssuedTokensModel::Kind::Access) ? response.string("access_token")
                                                                       : response.string("refresh_token");
    QCOMPARE(w.introspect(token).json().value(u"active"_s).toBool(), true);

    QTRY_COMPARE(w.widget->tokensModel()->rowCount(), 3);
    const int row = w.rowOf(IssuedTokensModel::Kind(kind));
    w.widget->selectIssuedToken(row);
    QAction *action = family ? w.widget->revokeFamilyAction() : w.widget->revokeTokenAction();
    QVERIFY(action->isEnabled());
    QSignalSpy finished(w.widget.get(), &IssuerWorkspace::adminRequestFinished);
    action->trigger();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.constFirst().constFirst().toBool(), true);

    QCOMPARE(w.introspect(token).json().value(u"active"_s).toBool(), false);
    QVERIFY(w.statusText(row).startsWith(u"revoked"_s));
    QVERIFY(!action->isEnabled());
    QVERIFY(w.widget->messageBanner()->isVisibleTo(w.widget.get()));
    // The admin request is in the log, without the token.
    QTRY_VERIFY(w.widget->logModel()->rowCount() >= 3);
    QVERIFY(!allText(w.widget->logModel()).join(u'\n').contains(token));
    if (family || kind == int(IssuedTokensModel::Kind::Refresh)) {
        // The whole family goes: the refresh token no longer works either.
        const HttpResult refresh = w.http.post(w.url(u"/token"_s),
                                               form({{u"grant_type"_s, u"refresh_token"_s},
                                                     {u"client_id"_s, u"demo-public"_s},
                                                     {u"refresh_token"_s, response.string("refresh_token")}}));
        QCOMPARE(refresh.error(), u"invalid_grant"_s);
        QVERIFY(w.statusText(w.rowOf(IssuedTokensModel::Kind::Refresh)).startsWith(u"revoked"_s));
    }
}

void TestIssuerWorkspace::banningAUserRevokesTheirTokens()
{
    Workspace w;
    QVERIFY(w.widget->startIssuer());
    const HttpResult response = w.password();
    QCOMPARE(response.status, 200);
    QTRY_COMPARE(w.widget->tokensModel()->rowCount(), 3);
    QTRY_COMPARE(w.widget->usersModel()->rowCount(), 1);
    w.widget->selectIssuedToken(w.rowOf(IssuedTokensModel::Kind::Access));
    QVERIFY(w.widget->banUserAction()->isEnabled());
    QVERIFY(w.triggerAdmin(w.widget->banUserAction()));
    QCOMPARE(w.text(w.widget->usersModel(), 0, UserDirectoryModel::StatusColumn), u"banned"_s);
    QCOMPARE(w.introspect(response.string("access_token")).json().value(u"active"_s).toBool(), false);
    QVERIFY(w.statusText(w.rowOf(IssuedTokensModel::Kind::Access)).startsWith(u"revoked"_s));
    QCOMPARE(w.password().error(), u"invalid_grant"_s);
    // The same button lifts the ban.
    QCOMPARE(w.widget->banUserAction()->text().remove(u'&'), u"Lift Ban"_s);
    QVERIFY(w.triggerAdmin(w.widget->banUserAction()));
    QCOMPARE(w.text(w.widget->usersModel(), 0, UserDirectoryModel::StatusColumn), u"active"_s);
    QVERIFY(w.widget->messageBanner()->text().contains(u"Lifted the ban of alice"_s));
    QCOMPARE(w.password().status, 200);
}

void TestIssuerWorkspace::advancingTheClockExpiresTokens_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<qint64>("advanced");
    QTest::addColumn<QString>("status");
    QTest::newRow("one minute") << u"minute"_s << qint64(60) << u"active"_s;
    QTest::newRow("one hour") << u"hour"_s << qint64(3600) << u"expired"_s;
    QTest::newRow("custom 15 minutes") << u"custom"_s << qint64(15 * 60) << u"expired"_s;
    QTest::newRow("custom 14 minutes") << u"custom14"_s << qint64(14 * 60) << u"active"_s;
}

void TestIssuerWorkspace::advancingTheClockExpiresTokens()
{
    QFETCH(QString, how);
    QFETCH(qint64, advanced);
    QFETCH(QString, status);
    Workspace w;
    QVERIFY(w.widget->startIssuer());
    const HttpResult response = w.clientCredentials();
    QCOMPARE(response.status, 200);
    QTRY_COMPARE(w.widget->tokensModel()->rowCount(), 1);
    QCOMPARE(w.statusText(0), u"active"_s);

    if (how == u"minute") {
        QVERIFY(w.triggerAdmin(w.widget->advanceMinuteAction()));
    } else if (how == u"hour") {
        QVERIFY(w.triggerAdmin(w.widget->advanceHourAction()));
    } else {
        w.widget->advanceSpinBox()->setValue(how == u"custom" ? 15 : 14);
        w.widget->advanceUnitComboBox()->setCurrentIndex(1); // minutes
        QVERIFY(w.triggerAdmin(w.widget->advanceCustomAction()));
    }
    QCOMPARE(w.widget->issuer()->now(), startTime + advanced);
    QCOMPARE(w.statusText(0), status);
    QVERIFY(w.widget->clockLabel()->text().contains(u"ahead"_s));
    QCOMPARE(w.introspect(response.string("access_token")).json().value(u"active"_s).toBool(), status == u"active");
}

void TestIssuerWorkspace::rotatingKeysPublishesANewKid()
{
    Workspace w;
    QVERIFY(w.widget->startIssuer());
    const QStringList before = kidsOf(w.http.get(w.url(u"/jwks"_s)));
    QCOMPARE(before.size(), 1);
    QVERIFY(w.triggerAdmin(w.widget->rotateKeysAction()));
    const QStringList after = kidsOf(w.http.get(w.url(u"/jwks"_s)));
    QCOMPARE(after.size(), 2);
    QVERIFY(after.contains(before.constFirst()));
    QString added;
    for (const QString &kid : after) {
        if (kid != before.constFirst())
            added = kid;
    }
    QVERIFY(!added.isEmpty());
    QVERIFY(w.widget->messageBanner()->text().contains(added));
}

void TestIssuerWorkspace::refusedAdminRequestIsAnInlineError()
{
    Workspace w;
    QVERIFY(w.startAndWaitForState());
    // 100,000 days is past the issuer's 100-year limit: it answers 400, and nothing moves.
    w.widget->advanceSpinBox()->setValue(100000);
    w.widget->advanceUnitComboBox()->setCurrentIndex(3); // days
    QSignalSpy finished(w.widget.get(), &IssuerWorkspace::adminRequestFinished);
    w.widget->advanceCustomAction()->trigger();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.constFirst().constFirst().toBool(), false);
    QCOMPARE(w.widget->issuer()->now(), startTime);
    const QString message = w.widget->messageBanner()->text();
    QVERIFY2(message.contains(u"Cannot advance the clock"_s), qPrintable(message));
    QVERIFY2(message.contains(u"HTTP 400"_s), qPrintable(message));
    QVERIFY(w.widget->messageBanner()->kind() == MessageKind::Error);
    // The request went over HTTP like any other: the log has it, but not the workspace's own state reads.
    QTRY_COMPARE(w.widget->logModel()->rowCount(), 1);
    QCOMPARE(w.widget->logModel()->entry(0).path, u"/admin/advance-clock"_s);
    QCOMPARE(w.widget->logModel()->entry(0).status, 400);
}

void TestIssuerWorkspace::openInInspectEmitsTheToken()
{
    Workspace w;
    QVERIFY(w.widget->startIssuer());
    const HttpResult response = w.password();
    QTRY_COMPARE(w.widget->tokensModel()->rowCount(), 3);
    QSignalSpy opened(w.widget.get(), &IssuerWorkspace::openTokenRequested);

    w.widget->selectIssuedToken(w.rowOf(IssuedTokensModel::Kind::Access));
    QVERIFY(w.widget->openInInspectAction()->isEnabled());
    w.widget->openInInspectAction()->trigger();
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.constFirst().constFirst().toString(), response.string("access_token"));

    w.widget->selectIssuedToken(w.rowOf(IssuedTokensModel::Kind::Id));
    w.widget->openInInspectAction()->trigger();
    QCOMPARE(opened.size(), 2);
    QCOMPARE(opened.constLast().constFirst().toString(), response.string("id_token"));

    // Refresh tokens are opaque: nothing to inspect, but they can be copied (concealed).
    w.widget->selectIssuedToken(w.rowOf(IssuedTokensModel::Kind::Refresh));
    QVERIFY(!w.widget->openInInspectAction()->isEnabled());
    w.widget->copyTokenAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->mimeData()->text(), response.string("refresh_token"));
    QCOMPARE(QGuiApplication::clipboard()->mimeData()->data(u"x-kde-passwordManagerHint"_s), QByteArray("secret"));
}

void TestIssuerWorkspace::portInUseIsAnInlineError()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    Workspace w;
    w.widget->setPort(occupant.serverPort());
    QVERIFY(!w.widget->startIssuer());
    QVERIFY(!w.widget->isIssuerRunning());
    QVERIFY(w.widget->messageBanner()->isVisibleTo(w.widget.get()));
    const QString message = w.widget->messageBanner()->text();
    QVERIFY2(message.contains(QString::number(occupant.serverPort())), qPrintable(message));
    QVERIFY2(message.contains(u"127.0.0.1"_s), qPrintable(message));
    QVERIFY2(message.contains(u"in use"_s), qPrintable(message)); // the reason, from the listening socket
    QVERIFY(w.widget->startAction()->isEnabled());
    // Port 0 then works, and the message goes away.
    w.widget->setPort(0);
    QVERIFY(w.widget->startIssuer());
    QVERIFY(!w.widget->messageBanner()->isVisibleTo(w.widget.get()));
}

void TestIssuerWorkspace::badConfigFileIsAnInlineErrorNamingTheFile()
{
    QTemporaryDir directory;
    const QString path = directory.filePath(u"issuer.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\n  \"clients\": [\n    {\"client_id\": 5}\n  ]\n}\n");
    file.close();
    Workspace w;
    w.widget->setConfigPath(path);
    QVERIFY(!w.widget->startIssuer());
    QVERIFY(!w.widget->isIssuerRunning());
    const QString message = w.widget->messageBanner()->text();
    QVERIFY2(message.contains(u"issuer.json"_s), qPrintable(message));
    QVERIFY2(message.contains(u":3:"_s), qPrintable(message)); // the line
    QVERIFY2(message.contains(u"client_id"_s), qPrintable(message)); // the field

    // A missing file too.
    w.widget->setConfigPath(directory.filePath(u"missing.json"_s));
    QVERIFY(!w.widget->startIssuer());
    QVERIFY(w.widget->messageBanner()->text().contains(u"missing.json"_s));

    // A valid config file is used: its clients are listed.
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(R"({"clients": [{"client_id": "web", "client_secret": "web-secret"}]})");
    file.close();
    w.widget->setConfigPath(path);
    QVERIFY(w.startAndWaitForState());
    QCOMPARE(w.widget->clientsModel()->rowCount(), 1);
    QCOMPARE(w.text(w.widget->clientsModel(), 0, ClientDirectoryModel::ClientIdColumn), u"web"_s);
}

void TestIssuerWorkspace::unusableDatabaseIsAnInlineErrorNamingTheFile()
{
    QTemporaryDir directory;
    // A folder where the database file should be: SQLite cannot open it.
    const QString path = directory.filePath(u"not-a-file.sqlite"_s);
    QVERIFY(QDir().mkpath(path));
    Workspace w;
    w.widget->setDatabaseLocation(IssuerWorkspace::DatabaseLocation::File, path);
    QVERIFY(!w.widget->startIssuer());
    QVERIFY(!w.widget->isIssuerRunning());
    const QString message = w.widget->messageBanner()->text();
    QVERIFY2(message.contains(QDir::toNativeSeparators(path)), qPrintable(message));
    QVERIFY(w.widget->statusLabel()->text().contains(u"Stopped"_s));
}

void TestIssuerWorkspace::databaseFromANewerTokenscopeIsAnInlineErrorSayingSo()
{
    QTemporaryDir directory;
    const QString path = directory.filePath(u"newer.sqlite"_s);
    Workspace w;
    w.widget->setDatabaseLocation(IssuerWorkspace::DatabaseLocation::File, path);
    QVERIFY(w.widget->startIssuer());
    w.widget->stopIssuer();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tamper"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"INSERT INTO schema_version VALUES (99, 'from a later Tokenscope')"_s));
    }
    QSqlDatabase::removeDatabase(u"tamper"_s);

    QVERIFY(!w.widget->startIssuer());
    QVERIFY(!w.widget->isIssuerRunning());
    const QString message = w.widget->messageBanner()->text();
    QVERIFY2(message.contains(QDir::toNativeSeparators(path)), qPrintable(message));
    QVERIFY2(message.contains(u"newer Tokenscope"_s), qPrintable(message)); // the cause, from the start error's code
    QVERIFY2(message.contains(u"schema version 99"_s), qPrintable(message));
    QVERIFY(w.widget->startAction()->isEnabled());
}

void TestIssuerWorkspace::settingsNeverHoldSecrets()
{
    Workspace w;
    QTemporaryDir directory;
    const QString databasePath = directory.filePath(u"chosen.sqlite"_s);
    w.widget->setPreset(u"okta"_s);
    w.widget->setDatabaseLocation(IssuerWorkspace::DatabaseLocation::File, databasePath);
    w.widget->serverBar()->setTenantNames({u"acme"_s});
    QVERIFY(w.widget->startIssuer());
    QCOMPARE(w.widget->databasePath(), databasePath);
    QVERIFY(w.widget->statusLabel()->text().contains(u"okta"_s));
    const HttpResult response = w.password();
    QCOMPARE(response.status, 200);
    w.widget->showSecretsAction()->trigger();
    w.widget->saveSettings();
    w.settings->sync();

    const QSettings &store = w.settings->store();
    QCOMPARE(store.value(u"issuer/preset"_s).toString(), u"okta"_s);
    QCOMPARE(store.value(u"issuer/databasePath"_s).toString(), databasePath);
    QFile ini(store.fileName());
    QVERIFY(ini.open(QIODevice::ReadOnly));
    const QByteArray written = ini.readAll();
    for (const QByteArray &secret : {QByteArray("demo-secret"), response.string("access_token").toLatin1(),
                                     response.string("refresh_token").toLatin1(), QByteArray("password")})
        QVERIFY2(!written.contains(secret), secret.constData());

    // A new workspace over the same settings comes back with the same choices.
    w.widget->stopIssuer(); // one issuer per database
    IssuerWorkspace again(&w.network, w.settings.get());
    QVERIFY(again.startIssuer());
    QCOMPARE(again.databasePath(), databasePath);
    QCOMPARE(again.issuer()->config().policy.presetName, u"okta"_s);
    QCOMPARE(again.issuer()->tenantNames(), QStringList {u"acme"_s});
}

void TestIssuerWorkspace::probeTabIsPrefilledWithTheRunningIssuer()
{
    Workspace w;
    QVERIFY(w.widget->probePanel());
    QCOMPARE(w.widget->tabs()->count(), 2);
    QVERIFY(w.widget->startIssuer());
    QStringList texts;
    for (const QLineEdit *edit : w.widget->probePanel()->findChildren<QLineEdit *>())
        texts << edit->text();
    const QString url = w.widget->issuer()->issuerUrl().toString();
    QVERIFY2(std::any_of(texts.cbegin(), texts.cend(), [&url](const QString &text) { return text.startsWith(url); }),
             qPrintable(texts.join(u", ")));
    QVERIFY(texts.contains(u"demo"_s));
    // The probe's "open in Inspect" reaches the workspace's signal.
    QSignalSpy opened(w.widget.get(), &IssuerWorkspace::openTokenRequested);
    emit w.widget->probePanel()->openTokenRequested(u"header.payload.signature"_s);
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.constFirst().constFirst().toString(), u"header.payload.signature"_s);
}

void TestIssuerWorkspace::everyActionHasAShortcutAndAName()
{
    Workspace w;
    QSet<QString> shortcuts;
    for (QAction *action : w.widget->actions()) {
        QVERIFY2(!action->text().isEmpty(), "an action without text");
        QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
        const QString shortcut = action->shortcut().toString();
        QVERIFY2(!shortcuts.contains(shortcut), qPrintable(shortcut));
        shortcuts.insert(shortcut);
    }
    for (QWidget *child : w.widget->findChildren<QWidget *>()) {
        if (qobject_cast<QLineEdit *>(child) || qobject_cast<QComboBox *>(child) || qobject_cast<QSpinBox *>(child)
            || qobject_cast<QTableView *>(child)) {
            if (qobject_cast<QLineEdit *>(child) && qobject_cast<QSpinBox *>(child->parentWidget()))
                continue; // a spin box's own editor
            if (qobject_cast<QLineEdit *>(child) && qobject_cast<QComboBox *>(child->parentWidget()))
                continue;
            QVERIFY2(!child->accessibleName().isEmpty(), child->metaObject()->className());
        }
    }
}

// The faults panel goes over the admin API like the CLI: Apply switches the issuer's faults, a faulted request shows
// its fault in the log, Clear All switches them off, and the form is disabled while the issuer is stopped.
void TestIssuerWorkspace::faultsPanelSwitchesTheIssuersFaults()
{
    Workspace w;
    IssuerFaultsPanel *panel = w.widget->faultsPanel();
    QVERIFY(!panel->findChild<QPushButton *>()->isEnabled());
    QVERIFY(w.widget->startIssuer());
    QVERIFY(panel->findChild<QPushButton *>()->isEnabled());

    auto *jwks = panel->findChild<QComboBox *>();
    jwks->setCurrentIndex(jwks->findData(u"server_error"_s));
    QSignalSpy answered(panel, &IssuerFaultsPanel::answered);
    panel->apply();
    QTRY_COMPARE(answered.size(), 1);
    QCOMPARE(w.widget->issuer()->faults().jwks, issuer::IssuerFaults::Jwks::ServerError);
    QCOMPARE(panel->statusBanner()->text(), u"On: jwks=server_error"_s);
    QCOMPARE(panel->statusBanner()->kind(), MessageKind::Warning);

    QUrl jwksUrl = w.widget->issuer()->issuerUrl();
    jwksUrl.setPath(u"/jwks"_s);
    QCOMPARE(w.http.get(jwksUrl).status, 500);
    RequestLogModel *log = w.widget->logModel();
    QTRY_VERIFY(log->rowCount() >= 2);
    const QModelIndex fault = log->index(log->rowCount() - 1, RequestLogModel::FaultColumn);
    QCOMPARE(fault.data().toString(), u"jwks=server_error"_s);

    panel->clearAll();
    QTRY_COMPARE(answered.size(), 2);
    QVERIFY(!w.widget->issuer()->faults().any());
    QCOMPARE(panel->statusBanner()->text(), u"No faults are on."_s);
    QCOMPARE(panel->statusBanner()->kind(), MessageKind::Info);
    QCOMPARE(w.http.get(jwksUrl).status, 200);
    w.widget->stopAction()->trigger();
    QVERIFY(!panel->findChild<QPushButton *>()->isEnabled());
}

// A config with tenants (docs/issuer.md "Several issuers"): the Endpoints pane's picker chooses the issuer the panes
// show and act on, from the keyboard; each tenant's clients, tokens and clock are its own.
void TestIssuerWorkspace::issuerPickerShowsOneTenantAtATime()
{
    QTemporaryDir directory;
    const QString path = directory.filePath(u"tenants.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"clients": [{"client_id": "web", "client_secret": "web-secret"}],
                   "issuers": {"acme": {"clients": [{"client_id": "acme-app", "client_secret": "acme-secret"}],
                                        "users": [{"username": "wile", "password": "coyote"}]}}})");
    file.close();
    Workspace w;
    QComboBox *picker = w.widget->issuerPicker()->comboBox();
    QVERIFY(!picker->isVisibleTo(w.widget.get()));
    w.widget->setConfigPath(path);
    w.widget->serverBar()->setTenantNames({u"globex"_s}); // typed in the server bar, after the config's
    QVERIFY(w.startAndWaitForState());
    QVERIFY(picker->isVisibleTo(w.widget.get()));
    QCOMPARE(picker->count(), 3);
    QCOMPARE(w.widget->issuer()->tenantNames(), QStringList({u"acme"_s, u"globex"_s}));
    QCOMPARE(picker->currentData().toString(), QString());
    QCOMPARE(w.widget->viewedIssuer(), w.widget->issuer());
    QCOMPARE(w.text(w.widget->clientsModel(), 0, ClientDirectoryModel::ClientIdColumn), u"web"_s);
    // A token of the root issuer is listed while the root is shown.
    QCOMPARE(w.http
                 .post(w.url(u"/token"_s), form({{u"grant_type"_s, u"client_credentials"_s}}),
                       {{"Authorization", basic(u"web"_s, u"web-secret"_s)}})
                 .status,
             200);
    QTRY_COMPARE(w.widget->tokensModel()->rowCount(), 1);

    QSignalSpy state(w.widget->adminClient(), &IssuerAdminClient::stateAvailable);
    QTest::keyClick(picker, Qt::Key_Down);
    QVERIFY(state.wait(10000));
    issuer::MockIssuer *acme = w.widget->issuer()->tenant(u"acme"_s);
    QVERIFY(acme);
    QCOMPARE(w.widget->viewedIssuer(), acme);
    QCOMPARE(w.widget->adminClient()->issuerUrl(), acme->issuerUrl());
    QTableWidget *endpoints = w.widget->endpointsTable();
    QCOMPARE(endpoints->findItems(u"Issuer"_s, Qt::MatchExactly).size(), 1);
    const int issuerRow = endpoints->findItems(u"Issuer"_s, Qt::MatchExactly).constFirst()->row();
    QCOMPARE(endpoints->item(issuerRow, 1)->text(), acme->issuerUrl().toString());
    for (int row = 0; row < endpoints->rowCount(); ++row)
        QVERIFY2(endpoints->item(row, 1)->text().startsWith(acme->issuerUrl().toString()),
                 qPrintable(endpoints->item(row, 1)->text()));
    QCOMPARE(acme->issuerUrl().path(), u"/acme"_s);
    QCOMPARE(w.widget->clientsModel()->rowCount(), 1);
    QCOMPARE(w.text(w.widget->clientsModel(), 0, ClientDirectoryModel::ClientIdColumn), u"acme-app"_s);
    QCOMPARE(w.text(w.widget->usersModel(), 0, UserDirectoryModel::UsernameColumn), u"wile"_s);
    QCOMPARE(w.widget->tokensModel()->rowCount(), 0); // the root's token is not the tenant's

    // Tokens the tenant issues are listed; the root's are not.
    QCOMPARE(w.http
                 .post(w.url(u"/acme/token"_s), form({{u"grant_type"_s, u"client_credentials"_s}}),
                       {{"Authorization", basic(u"acme-app"_s, u"acme-secret"_s)}})
                 .status,
             200);
    QCOMPARE(w.http
                 .post(w.url(u"/token"_s), form({{u"grant_type"_s, u"client_credentials"_s}}),
                       {{"Authorization", basic(u"web"_s, u"web-secret"_s)}})
                 .status,
             200);
    QTRY_VERIFY(w.widget->logModel()->rowCount() >= 3);
    QCOMPARE(w.widget->tokensModel()->rowCount(), 1);
    // Admin actions go to the tenant shown: its clock moves, the root's stays.
    QVERIFY(w.triggerAdmin(w.widget->advanceHourAction()));
    QCOMPARE(acme->now(), startTime + 3600);
    QCOMPARE(w.widget->issuer()->now(), startTime);
    // The Faults pane reads and switches the tenant's faults.
    IssuerFaultsPanel *faults = w.widget->faultsPanel();
    QTRY_COMPARE(faults->statusBanner()->text(), u"No faults are on."_s);
    auto *jwks = faults->findChild<QComboBox *>();
    jwks->setCurrentIndex(jwks->findData(u"stale"_s));
    QSignalSpy answered(faults, &IssuerFaultsPanel::answered);
    faults->apply();
    QVERIFY(answered.wait(10000));
    QCOMPARE(acme->faults().jwks, issuer::IssuerFaults::Jwks::Stale);
    QVERIFY(!w.widget->issuer()->faults().any());

    QTest::keyClick(picker, Qt::Key_Up);
    QVERIFY(state.wait(10000));
    QCOMPARE(w.widget->viewedIssuer(), w.widget->issuer());
    QCOMPARE(w.text(w.widget->clientsModel(), 0, ClientDirectoryModel::ClientIdColumn), u"web"_s);
    QTRY_COMPARE(faults->statusBanner()->text(), u"No faults are on."_s);
    QCOMPARE(jwks->currentData().toString(), u"normal"_s);
    QTest::keyClick(picker, Qt::Key_Down);
    QTRY_COMPARE(faults->statusBanner()->text(), u"On: jwks=stale"_s);
    QCOMPARE(jwks->currentData().toString(), u"stale"_s);
    w.widget->stopIssuer();
    QVERIFY(!picker->isVisibleTo(w.widget.get()));
}

// Renders the workspace for docs/screenshots when TOKENSCOPE_SCREENSHOTS names a folder (skipped otherwise).
void TestIssuerWorkspace::screenshots()
{
    const QString folder = qEnvironmentVariable("TOKENSCOPE_SCREENSHOTS");
    if (folder.isEmpty())
        QSKIP("set TOKENSCOPE_SCREENSHOTS=<folder> to render issuer-{light,dark}.png, issuer-faults-… and "
              "issuer-tenants-…");
    for (const bool dark : {false, true}) {
        QApplication::setPalette(dark ? Theme::darkPalette() : Theme::lightPalette());
        auto settings = Settings::throwaway();
        QNetworkAccessManager network;
        HttpClient http;
        IssuerWorkspace widget(&network, settings.get());
        widget.resize(1400, 900);
        widget.show();
        QVERIFY(widget.startIssuer());
        auto url = [&widget](const QString &path) {
            QUrl result = widget.issuer()->issuerUrl();
            result.setPath(path);
            return result;
        };
        http.get(url(u"/.well-known/openid-configuration"_s));
        http.get(url(u"/jwks"_s));
        http.post(url(u"/token"_s), form({{u"grant_type"_s, u"client_credentials"_s}}),
                  {{"Authorization", basic(u"demo"_s, u"demo-secret"_s)}});
        const HttpResult login = http.post(url(u"/token"_s),
                                           form({{u"grant_type"_s, u"password"_s},
                                                 {u"client_id"_s, u"demo-public"_s},
                                                 {u"username"_s, u"alice"_s},
                                                 {u"password"_s, u"alice"_s},
                                                 {u"scope"_s, u"openid offline_access"_s}}));
        const HttpResult refreshed = http.post(url(u"/token"_s),
                                               form({{u"grant_type"_s, u"refresh_token"_s},
                                                     {u"client_id"_s, u"demo-public"_s},
                                                     {u"refresh_token"_s, login.string("refresh_token")}}));
        http.post(url(u"/token"_s),
                  form({{u"grant_type"_s, u"refresh_token"_s},
                        {u"client_id"_s, u"demo-public"_s},
                        {u"refresh_token"_s, login.string("refresh_token")}})); // reuse
        http.post(url(u"/token"_s),
                  form({{u"grant_type"_s, u"password"_s},
                        {u"client_id"_s, u"demo-public"_s},
                        {u"username"_s, u"alice"_s},
                        {u"password"_s, u"wrong"_s}}));
        http.post(url(u"/token"_s),
                  form({{u"grant_type"_s, u"password"_s},
                        {u"client_id"_s, u"demo-public"_s},
                        {u"username"_s, u"alice"_s},
                        {u"password"_s, u"alice"_s},
                        {u"scope"_s, u"openid offline_access"_s}}));
        http.post(url(u"/introspect"_s), form({{u"token"_s, refreshed.string("access_token")}}),
                  {{"Authorization", basic(u"demo"_s, u"demo-secret"_s)}});
        QTRY_VERIFY(widget.tokensModel()->rowCount() >= 9);
        widget.selectIssuedToken(0);
        QTest::qWait(400); // the coalesced state refresh
        const QString name = dark ? u"issuer-dark.png"_s : u"issuer-light.png"_s;
        QVERIFY(widget.grab().save(QDir(folder).filePath(name)));

        IssuerFaultsPanel *faults = widget.faultsPanel();
        auto *jwks = faults->findChild<QComboBox *>();
        jwks->setCurrentIndex(jwks->findData(u"server_error"_s));
        QSignalSpy answered(faults, &IssuerFaultsPanel::answered);
        faults->apply();
        QTRY_COMPARE(answered.size(), 1);
        faults->resize(560, 480);
        const QString faultsName = dark ? u"issuer-faults-dark.png"_s : u"issuer-faults-light.png"_s;
        QVERIFY(faults->grab().save(QDir(folder).filePath(faultsName)));
        widget.stopIssuer();

        // With tenants: the Endpoints pane's picker, showing tenant acme.
        QTemporaryDir directory;
        QFile config(directory.filePath(u"tenants.json"_s));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(R"({"issuers": {"acme": {}, "globex": {}}})");
        config.close();
        widget.setConfigPath(config.fileName());
        QVERIFY(widget.startIssuer());
        QSignalSpy state(widget.adminClient(), &IssuerAdminClient::stateAvailable);
        QTest::keyClick(widget.issuerPicker()->comboBox(), Qt::Key_Down);
        QVERIFY(state.wait(10000));
        QUrl acmeToken = widget.viewedIssuer()->issuerUrl();
        acmeToken.setPath(u"/acme/token"_s);
        http.post(acmeToken, form({{u"grant_type"_s, u"client_credentials"_s}}),
                  {{"Authorization", basic(u"demo"_s, u"demo-secret"_s)}});
        QTRY_COMPARE(widget.tokensModel()->rowCount(), 1);
        QTest::qWait(400);
        const QString tenantsName = dark ? u"issuer-tenants-dark.png"_s : u"issuer-tenants-light.png"_s;
        QVERIFY(widget.grab().save(QDir(folder).filePath(tenantsName)));
    }
}

QTEST_MAIN(TestIssuerWorkspace)
#include "tst_issuerworkspace.moc"
