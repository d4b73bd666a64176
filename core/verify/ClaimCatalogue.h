#pragma once

#include <QList>
#include <QString>

namespace tokenscope {

// What each claim and header parameter means, in Tokenscope's own words: RFC 7519 registered claims, RFC 7515
// header parameters, OIDC Core, RFC 9068 access tokens and common provider claims (Microsoft, Cognito, Keycloak).
// Loaded from the resource :/tokenscope/claims.json.
class ClaimCatalogue
{
public:
    // What one claim or header parameter means, and where it is defined.
    struct Entry
    {
        QString name;
        QString description; // one line
        QString source; // "RFC 7519 §4.1.4", "OIDC Core §2", "Microsoft Entra ID", …
        QString where; // "payload" or "header"
        bool timestamp = false; // a NumericDate
    };

    // The catalogue from the resource; a broken resource gives an empty catalogue and an error().
    static const ClaimCatalogue &instance();
    // From JSON bytes (tests, and a user-provided catalogue later).
    static ClaimCatalogue fromJson(QByteArrayView json);

    [[nodiscard]] const Entry *claim(QStringView name) const; // payload claims
    [[nodiscard]] const Entry *headerParameter(QStringView name) const;
    [[nodiscard]] const QList<Entry> &entries() const { return m_entries; }
    [[nodiscard]] QString error() const { return m_error; }

private:
    QList<Entry> m_entries;
    QString m_error;
};

} // namespace tokenscope
