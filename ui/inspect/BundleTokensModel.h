#pragma once

#include "binding/BundleChecks.h"

#include <QAbstractTableModel>

namespace tokenscope {

// The tokens of a bundle (a token response, a redirect URL, a request with a DPoP proof), one row each: its role,
// what it is (a JWS with its alg and typ, a JWE, or opaque when it has no JOSE structure) and its text. The row of
// the token the panes show is marked (bold), so the list says which one the Encoded, Header and Payload panes hold.
class BundleTokensModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { RoleColumn, KindColumn, TokenColumn, ColumnCount };
    enum Role { ValueRole = Qt::UserRole + 1, RoleNameRole, OpaqueRole, ShownRole };

    explicit BundleTokensModel(QObject *parent = nullptr);

    // Resets the rows only when the tokens differ (re-checking keeps the user's selection).
    void setTokens(const QList<BundleToken> &tokens);
    [[nodiscard]] const QList<BundleToken> &tokens() const { return m_tokens; }
    // Marks the row whose token is `token` (empty: none).
    void setShownToken(const QByteArray &token);
    // The row of the token with role `role` ("id_token"), or -1.
    [[nodiscard]] int rowOf(QStringView role) const;

    // "DPoP proof", "Access token", "ID token", "Refresh token" (the stable role itself when unknown).
    [[nodiscard]] static QString roleTitle(const QString &role);
    // "JWS · ES256 · typ dpop+jwt", "JWE (encrypted)", "opaque, 10 characters".
    [[nodiscard]] static QString kindText(const BundleToken &token);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

private:
    QList<BundleToken> m_tokens;
    QByteArray m_shownToken;
};

} // namespace tokenscope
