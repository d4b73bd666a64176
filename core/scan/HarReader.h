#pragma once

#include <QByteArray>
#include <QString>

#include <vector>

class QIODevice;

namespace tokenscope {

// A HAR message: a token is counted once per request and once per response, wherever in it it appears (the
// Cookie header and the parsed cookies list hold the same cookie twice, the URL and queryString the same query).
enum class HarMessage { Request, Response };

// One value of a HAR entry that may hold tokens.
struct HarField
{
    QByteArray text; // the value; a base64-encoded response body decoded (HAR 1.2 §content "encoding")
    QString path; // its JSON path: "log.entries[3].request.headers[1]"
    QString label; // for people: "request header Authorization", "response body", "URL"
    HarMessage message = HarMessage::Request;
};

// One entry of log.entries: the request's method, URL and time, and every field that may hold tokens.
struct HarEntry
{
    qint64 index = 0; // in log.entries
    QString method;
    QString url;
    QString startedDateTime;
    std::vector<HarField> fields; // request fields first, in document order, then the response's
};

// How large a HAR entry HarReader parses whole.
struct HarLimits
{
    qsizetype maxEntryBytes = 64 * 1024 * 1024; // one entry, bodies included, is parsed whole
};

// Reads HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) entry by entry, so a capture of any size is read
// in memory bounded by its largest entry. Only log.entries is read; the rest of the document is skipped. A malformed
// document stops with an error naming the JSON path ("log.entries[12].request.headers[3]: …").
class HarReader
{
public:
    // `alreadyRead`: bytes taken from the device before (to sniff its format), read again first.
    HarReader(QIODevice &device, QByteArray alreadyRead, const HarLimits &limits = {});

    // The next entry; false at the end of log.entries or on an error (error() is then set).
    [[nodiscard]] bool next(HarEntry &entry);
    [[nodiscard]] const QString &error() const { return m_error; }
    [[nodiscard]] qint64 bytesRead() const { return m_bytesRead; }

    // Whether the start of a document is a HAR: a JSON object whose first member is "log".
    [[nodiscard]] static bool looksLikeHar(QByteArrayView prefix);

private:
    enum class Stage { Start, Entries, Done };

    bool fail(const QString &path, const QString &message);
    bool ensure(qsizetype count);
    [[nodiscard]] int peek();
    void skipWhitespace();
    bool expect(char byte, const QString &path);
    bool readName(QString *name, const QString &path);
    bool readValue(QByteArray *capture, qsizetype cap, const QString &path);
    bool enterMember(const QString &wanted, const QString &path);
    bool openEntries();

    QIODevice &m_device;
    HarLimits m_limits;
    QByteArray m_buffer;
    qsizetype m_position = 0;
    qint64 m_consumed = 0; // bytes dropped from the front of m_buffer
    qint64 m_bytesRead = 0;
    bool m_deviceAtEnd = false;
    Stage m_stage = Stage::Start;
    qint64 m_entryIndex = 0;
    QString m_error;
};

} // namespace tokenscope
