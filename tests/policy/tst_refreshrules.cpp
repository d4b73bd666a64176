// The rulebook's refresh-token rules (core/policy/RefreshRules): one table row per policy behaviour. The same rows
// also drive the simulator's in-memory issuer (sim::ModelIssuer) through the engine's issuer interface, so the
// engine and the mock issuer (which calls the rulebook directly) cannot drift apart.
#include "policy/RefreshRules.h"
#include "sim/ModelIssuer.h"

#include <QTest>

using namespace tokenscope;
using namespace tokenscope::policy;

namespace {
constexpr qint64 never = RefreshFamilyState::never;
constexpr qint64 day = 86400;
} // namespace

class TestRefreshRules : public QObject
{
    Q_OBJECT

private slots:
    void newFamilyStartsAtGenerationZero()
    {
        IssuerPolicy policy;
        policy.refreshTokenLifetime = 7 * day;
        RefreshFamilyState family = RefreshRules::newFamily(policy, 1000);
        QCOMPARE(family.generation, 0);
        QCOMPARE(family.expiresAt, 1000 + 7 * day);
        QCOMPARE(family.lastRotatedAt, -1);
        policy.refreshTokenLifetime = 0;
        QCOMPARE(RefreshRules::newFamily(policy, 1000).expiresAt, never);
        policy.refreshTokenLifetime = 7 * day;
        policy.refreshTokenMaxLifetime = day;
        QCOMPARE(RefreshRules::newFamily(policy, 1000).expiresAt, 1000 + day);
    }

    void decides_data()
    {
        QTest::addColumn<QString>("rotation");
        QTest::addColumn<QString>("reuse");
        QTest::addColumn<QString>("grace");
        QTest::addColumn<int>("graceSeconds");
        QTest::addColumn<QString>("lifetimeMode");
        QTest::addColumn<qint64>("lifetime");
        QTest::addColumn<int>("generation"); // the family's current generation
        QTest::addColumn<qint64>("lastRotatedAt"); // also the current generation's issue time (0 when -1)
        QTest::addColumn<qint64>("expiresAt");
        QTest::addColumn<bool>("revoked");
        QTest::addColumn<bool>("banned");
        QTest::addColumn<int>("presented");
        QTest::addColumn<qint64>("now");
        QTest::addColumn<QString>("outcome"); // rejected, rotate, current
        QTest::addColumn<QString>("reason");
        QTest::addColumn<bool>("revokeFamily");
        QTest::addColumn<bool>("graceHonoured");
        QTest::addColumn<int>("nextGeneration");
        QTest::addColumn<qint64>("nextExpiresAt");

        const QString rf = QStringLiteral("revoke_family");
        const QString rr = QStringLiteral("reject_replay");
        const QString acc = QStringLiteral("accept");
        const QString none = QStringLiteral("none");
        const QString abs = QStringLiteral("absolute");
        const qint64 L = 7 * day;

        // Rotation.
        QTest::newRow("never rotates: same token, absolute expiry unchanged")
            << "never" << rf << none << 0 << abs << L << 0 << qint64(-1) << L << false << false << 0 << qint64(100)
            << "current"
            << "" << false << false << 0 << L;
        QTest::newRow("always rotates: new generation, absolute expiry re-armed")
            << "always" << rf << none << 0 << abs << L << 0 << qint64(-1) << L << false << false << 0 << qint64(100)
            << "rotate"
            << "" << false << false << 1 << 100 + L;
        QTest::newRow("after 70 %: young token kept")
            << "after_percent" << rf << none << 0 << abs << L << 0 << qint64(-1) << L << false << false << 0
            << qint64(L * 69 / 100) << "current"
            << "" << false << false << 0 << L;
        QTest::newRow("after 70 %: old token rotated")
            << "after_percent" << rf << none << 0 << abs << L << 0 << qint64(-1) << L << false << false << 0
            << qint64(L * 70 / 100) << "rotate"
            << "" << false << false << 1 << L * 70 / 100 + L;
        QTest::newRow("inherit remaining: rotation keeps the family expiry")
            << "always" << rf << none << 0 << "inherit_remaining" << L << 0 << qint64(-1) << L << false << false << 0
            << qint64(100) << "rotate"
            << "" << false << false << 1 << L;
        QTest::newRow("sliding idle: use slides the expiry without rotation")
            << "never" << rf << none << 0 << "sliding_idle" << qint64(1800) << 0 << qint64(-1) << qint64(1800) << false
            << false << 0 << qint64(1000) << "current"
            << "" << false << false << 0 << qint64(2800);
        // Expiry, revocation, bans.
        QTest::newRow("expired family rejected")
            << "always" << rf << none << 0 << abs << L << 0 << qint64(-1) << L << false << false << 0 << L << "rejected"
            << "expired" << false << false << 0 << L;
        QTest::newRow("revoked family rejected") << "always" << rf << none << 0 << abs << L << 2 << qint64(50) << L
                                                 << true << false << 2 << qint64(100) << "rejected"
                                                 << "family_revoked" << false << false << 2 << L;
        QTest::newRow("banned user rejected") << "always" << rf << none << 0 << abs << L << 0 << qint64(-1) << L
                                              << false << true << 0 << qint64(100) << "rejected"
                                              << "user_banned" << false << false << 0 << L;
        // Reuse of a rotated generation.
        QTest::newRow("reuse revokes the family") << "always" << rf << none << 0 << abs << L << 2 << qint64(50) << L
                                                  << false << false << 1 << qint64(60) << "rejected"
                                                  << "reuse_detected" << true << false << 2 << L;
        QTest::newRow("reuse rejected, family lives") << "always" << rr << none << 0 << abs << L << 2 << qint64(50) << L
                                                      << false << false << 1 << qint64(60) << "rejected"
                                                      << "replay_rejected" << false << false << 2 << L;
        QTest::newRow("reuse accepted rotates the family on")
            << "always" << acc << none << 0 << abs << L << 2 << qint64(50) << L << false << false << 0 << qint64(60)
            << "rotate"
            << "" << false << false << 3 << 60 + L;
        QTest::newRow("reuse accepted without rotation returns the current token")
            << "after_percent" << acc << none << 0 << abs << L << 2 << qint64(50) << qint64(50 + L) << false << false
            << 1 << qint64(60) << "current"
            << "" << false << false << 2 << 50 + L;
        // Grace.
        QTest::newRow("grace new_token: previous generation within the window gets a new one")
            << "always" << rf << "new_token" << 30 << abs << L << 2 << qint64(100) << qint64(100 + L) << false << false
            << 1 << qint64(130) << "rotate"
            << "" << false << true << 3 << 130 + L;
        QTest::newRow("grace same_token: previous generation within the window gets the current one")
            << "always" << rr << "same_token" << 3 << abs << L << 2 << qint64(100) << qint64(100 + L) << false << false
            << 1 << qint64(103) << "current"
            << "" << false << true << 2 << 100 + L;
        QTest::newRow("grace over: reuse handling applies")
            << "always" << rf << "new_token" << 30 << abs << L << 2 << qint64(100) << qint64(100 + L) << false << false
            << 1 << qint64(131) << "rejected"
            << "reuse_detected" << true << false << 2 << 100 + L;
        QTest::newRow("grace covers only the previous generation")
            << "always" << rr << "same_token" << 30 << abs << L << 2 << qint64(100) << qint64(100 + L) << false << false
            << 0 << qint64(101) << "rejected"
            << "replay_rejected" << false << false << 2 << 100 + L;
        QTest::newRow("grace none: immediate replay is reuse")
            << "always" << rf << none << 0 << abs << L << 1 << qint64(100) << qint64(100 + L) << false << false << 0
            << qint64(100) << "rejected"
            << "reuse_detected" << true << false << 1 << 100 + L;
        QTest::newRow("never-expiring tokens (Dex): rotation keeps never")
            << "always" << rr << "same_token" << 3 << abs << qint64(0) << 0 << qint64(-1) << never << false << false
            << 0 << qint64(10 * L) << "rotate"
            << "" << false << false << 1 << never;
    }

    void decides()
    {
        QFETCH(QString, rotation);
        QFETCH(QString, reuse);
        QFETCH(QString, grace);
        QFETCH(int, graceSeconds);
        QFETCH(QString, lifetimeMode);
        QFETCH(qint64, lifetime);
        QFETCH(int, generation);
        QFETCH(qint64, lastRotatedAt);
        QFETCH(qint64, expiresAt);
        QFETCH(bool, revoked);
        QFETCH(bool, banned);
        QFETCH(int, presented);
        QFETCH(qint64, now);

        IssuerPolicy policy;
        policy.rotation = *PolicyNames::rotationFromName(rotation);
        policy.reuse = *PolicyNames::reuseFromName(reuse);
        policy.grace = *PolicyNames::graceFromName(grace);
        policy.graceSeconds = graceSeconds;
        policy.lifetimeMode = *PolicyNames::lifetimeModeFromName(lifetimeMode);
        policy.refreshTokenLifetime = lifetime;
        policy.rotateAfterPercent = 70;

        RefreshFamilyState family;
        family.generation = generation;
        family.lastRotatedAt = lastRotatedAt;
        family.generationIssuedAt = std::max<qint64>(0, lastRotatedAt);
        family.expiresAt = expiresAt;
        family.revoked = revoked;

        const RefreshDecision decision = RefreshRules::decide(policy, family, presented, banned, now);
        const QString outcome = decision.outcome == RefreshDecision::Outcome::Rejected ? QStringLiteral("rejected")
            : decision.outcome == RefreshDecision::Outcome::IssueNewGeneration         ? QStringLiteral("rotate")
                                                                                       : QStringLiteral("current");
        QTEST(outcome, "outcome");
        QTEST(QString::fromLatin1(reasonCode(decision.reason)), "reason");
        QTEST(decision.revokeFamily, "revokeFamily");
        QTEST(decision.grace, "graceHonoured");
        QTEST(decision.next.generation, "nextGeneration");
        QTEST(decision.next.expiresAt, "nextExpiresAt");
        QCOMPARE(decision.next.revoked, revoked || decision.revokeFamily);
        // Introspection agrees with the decision about acceptance.
        QCOMPARE(RefreshRules::wouldAccept(policy, family, presented, banned, now), decision.accepted());

        // The simulator's issuer, through the interface the engine calls, answers the same.
        sim::ModelIssuer issuer(policy, 1);
        if (banned)
            issuer.banUser(0, 0);
        const qint32 index = issuer.adoptFamily(0, family);
        sim::SimIssuer &engineFacing = issuer;
        QCOMPARE(engineFacing.wouldAccept(now, index, presented), decision.accepted());
        const sim::SimRefreshAnswer answer = engineFacing.refresh(now, index, presented);
        QCOMPARE(answer.outcome, decision.outcome);
        QTEST(QString::fromLatin1(reasonCode(answer.reason)), "reason");
        QTEST(answer.familyRevoked, "revokeFamily");
        QTEST(answer.grace, "graceHonoured");
        QTEST(answer.generation, "nextGeneration");
        QTEST(engineFacing.familyTimes(now, index).expiresAt, "nextExpiresAt");
        QCOMPARE(issuer.family(index), decision.next);
    }

    void reasonCodesRoundTrip()
    {
        for (int value = 0; value <= int(Reason::Restarted); ++value) {
            const auto reason = Reason(value);
            const QByteArray code = reasonCode(reason);
            QCOMPARE(code.isEmpty(), reason == Reason::None);
            QCOMPARE(reasonFromCode(code), std::optional<Reason>(reason));
        }
        QCOMPARE(reasonFromCode("no_such_reason"), std::nullopt);
    }

    void maxLifetimeCapsEveryRotation()
    {
        IssuerPolicy policy;
        policy.rotation = RotationMode::Always;
        policy.lifetimeMode = RefreshLifetimeMode::SlidingIdle;
        policy.refreshTokenLifetime = 1800;
        policy.refreshTokenMaxLifetime = 3000;
        RefreshFamilyState family = RefreshRules::newFamily(policy, 0);
        RefreshDecision decision = RefreshRules::decide(policy, family, 0, false, 1700);
        QVERIFY(decision.accepted());
        QCOMPARE(decision.next.expiresAt, qint64(3000)); // min(1700 + 1800, 0 + 3000)
        decision = RefreshRules::decide(policy, decision.next, 1, false, 3000);
        QCOMPARE(decision.reason, Reason::Expired);
    }
};

QTEST_GUILESS_MAIN(TestRefreshRules)
#include "tst_refreshrules.moc"
