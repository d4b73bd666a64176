// IssuerAdminState::fromJson over GET /admin/state documents as docs/issuer.md describes them: every member the
// workspace uses is read, and missing or mistyped members leave the defaults rather than inventing state.

#include "issuer/IssuerAdminState.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

class TestIssuerAdminState : public QObject
{
    Q_OBJECT

private slots:
    void readsClockAndKeys();
    void readsFamiliesWithNeverExpiringOnesAtZero();
    void readsRevokedAccessTokensUsersAndClients();
    void missingOrMistypedMembersKeepDefaults_data();
    void missingOrMistypedMembersKeepDefaults();
};

namespace {

IssuerAdminState parse(const QByteArray &json)
{
    return IssuerAdminState::fromJson(QJsonDocument::fromJson(json).object());
}

// A state as the mock issuer answers it, cut to the members the workspace reads.
const QByteArray fullState = R"({
  "now": 1900000600, "clock_offset": 600,
  "keys": [
    {"kid": "old", "alg": "ES256", "publish_from": 1900000000, "sign_from": 1900000000, "retire_at": 1900090000,
     "published": true, "signing": true},
    {"kid": "new", "alg": "ES256", "publish_from": 1900000600, "sign_from": 1900086400, "retire_at": 0,
     "published": true, "signing": false}],
  "families": [
    {"id": "fam-1", "client_id": "demo-public", "sub": "alice", "generation": 2, "created_at": 1900000000,
     "expires_at": 1900604800, "revoked": false},
    {"id": "fam-2", "client_id": "demo", "sub": "alice", "generation": 0, "created_at": 1900000100,
     "revoked": true, "revoked_reason": "user_banned", "revoked_at": 1900000500}],
  "revoked_access_tokens": [{"jti": "j-1", "expires_at": 1900000900, "revoked_at": 1900000200}],
  "users": [{"username": "alice", "sub": "alice", "banned": true, "roles": ["admin", "viewer"]}],
  "clients": [{"client_id": "demo", "confidential": true, "redirect_uris": ["http://127.0.0.1/cb"]},
              {"client_id": "demo-public", "confidential": false, "redirect_uris": []}]
})";

} // namespace

void TestIssuerAdminState::readsClockAndKeys()
{
    const IssuerAdminState state = parse(fullState);
    QCOMPARE(state.now, 1900000600);
    QCOMPARE(state.clockOffset, 600);
    QCOMPARE(state.keys.size(), 2);
    QCOMPARE(state.keys.at(0).kid, u"old"_s);
    QCOMPARE(state.keys.at(0).algorithm, u"ES256"_s);
    QCOMPARE(state.keys.at(0).retireAt, 1900090000);
    QVERIFY(state.keys.at(0).signing);
    QCOMPARE(state.keys.at(1).signFrom, 1900086400);
    QCOMPARE(state.keys.at(1).retireAt, 0);
    QVERIFY(state.keys.at(1).published);
    QVERIFY(!state.keys.at(1).signing);
}

void TestIssuerAdminState::readsFamiliesWithNeverExpiringOnesAtZero()
{
    const IssuerAdminState state = parse(fullState);
    QCOMPARE(state.families.size(), 2);
    const IssuerAdminState::Family &live = state.families.at(0);
    QCOMPARE(live.id, u"fam-1"_s);
    QCOMPARE(live.clientId, u"demo-public"_s);
    QCOMPARE(live.subject, u"alice"_s);
    QCOMPARE(live.generation, 2);
    QCOMPARE(live.expiresAt, 1900604800);
    QVERIFY(!live.revoked);
    const IssuerAdminState::Family &revoked = state.families.at(1);
    QCOMPARE(revoked.expiresAt, 0); // no expires_at: the family never expires
    QVERIFY(revoked.revoked);
    QCOMPARE(revoked.revokedReason, u"user_banned"_s);
}

void TestIssuerAdminState::readsRevokedAccessTokensUsersAndClients()
{
    const IssuerAdminState state = parse(fullState);
    QCOMPARE(state.revokedAccessTokenIds, QSet<QString> {u"j-1"_s});
    QCOMPARE(state.users.size(), 1);
    QCOMPARE(state.users.constFirst().username, u"alice"_s);
    QVERIFY(state.users.constFirst().banned);
    QCOMPARE(state.users.constFirst().roles, (QStringList {u"admin"_s, u"viewer"_s}));
    QCOMPARE(state.clients.size(), 2);
    QVERIFY(state.clients.at(0).confidential);
    QCOMPARE(state.clients.at(0).redirectUris, QStringList {u"http://127.0.0.1/cb"_s});
    QVERIFY(!state.clients.at(1).confidential);
}

void TestIssuerAdminState::missingOrMistypedMembersKeepDefaults_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("not JSON") << QByteArray("<html>502</html>");
    QTest::newRow("mistyped members") << QByteArray(
        R"({"now": "soon", "keys": {}, "families": 3, "users": "alice", "clients": null,
            "revoked_access_tokens": [{"jti": ""}, 7]})");
}

void TestIssuerAdminState::missingOrMistypedMembersKeepDefaults()
{
    QFETCH(QByteArray, json);
    const IssuerAdminState state = parse(json);
    QCOMPARE(state.now, 0);
    QVERIFY(state.keys.isEmpty());
    QVERIFY(state.families.isEmpty());
    QVERIFY(state.users.isEmpty());
    QVERIFY(state.clients.isEmpty());
    QVERIFY(state.revokedAccessTokenIds.isEmpty());
}

QTEST_GUILESS_MAIN(TestIssuerAdminState)
#include "tst_issueradminstate.moc"
