#pragma once

#include "issuer/IssuerAdminState.h"
#include "issuer/MockIssuer.h"

#include <QAbstractTableModel>
#include <QByteArray>
#include <QList>
#include <QString>

namespace tokenscope {

// The tokens the running mock issuer handed out in this session, one row per token (access, refresh, ID), with a
// status that follows the issuer's admin state (GET /admin/state): revocations, bans and its (advanceable) clock. Token
// values are held in memory only, for "Open in Inspect" and concealed copying; the table never shows them.
class IssuedTokensModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Kind { Access, Refresh, Id };
    enum class Status { Active, Rotated, Revoked, Expired };
    enum Column { KindColumn, WhoColumn, KidColumn, IssuedColumn, ExpiresColumn, StatusColumn, ColumnCount };

    // One issued token: what it is, who got it, its times and claims, the token itself, and its status now.
    struct Row
    {
        Kind kind = Kind::Access;
        qint64 time = 0; // issuer clock
        QString grantType;
        QString clientId;
        QString subject;
        QString familyId; // "sid"; empty for client_credentials
        QString kid;
        QString jti;
        qint64 issuedAt = 0;
        qint64 expiresAt = 0; // 0: not known yet or never
        int generation = -1; // refresh tokens; -1 until the issuer's state names the family
        QByteArray token;
        Status status = Status::Active;
        QString statusReason; // "revoked by admin", "user banned", …
        bool revokedState = false; // from the issuer's state, refreshed on stateChanged
        bool rotated = false; // a refresh token whose family has a newer generation
        bool revokedById = false; // an access token whose jti was revoked (the state forgets it after expiry)
    };

    // The list keeps the newest tokens; older ones drop out (they are only in memory anyway).
    static constexpr int maxRows = 500;

    explicit IssuedTokensModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Adds one row per token of a token-endpoint response (newest first), judged on the issuer's clock `now`.
    void addTokens(const issuer::IssuedTokens &tokens, qint64 now);
    // Takes revocations, bans, families and the clock from the issuer's admin state.
    void refreshState(const IssuerAdminState &state);
    // Re-judges expiry against `now` (cheap: no database access); called every second.
    void updateTimes(qint64 now);
    void clear();

    [[nodiscard]] const Row &row(int row) const { return m_rows.at(row); }
    [[nodiscard]] static QString kindName(Kind kind);
    [[nodiscard]] static QString statusName(Status status);

private:
    void judge(Row &row, qint64 now) const;
    void emitStatusChanged();

    QList<Row> m_rows;
    qint64 m_now = 0;
};

} // namespace tokenscope
