#include "scan/HarReader.h"

#include "jose/Json.h"

#include <QCoreApplication>
#include <QIODevice>

namespace tokenscope {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct HarReaderText
{
    Q_DECLARE_TR_FUNCTIONS(HarReader)
};

constexpr qsizetype kReadBytes = 1024 * 1024;
constexpr qsizetype kMaxNameBytes = 64 * 1024;

bool isWhitespace(int byte)
{
    return byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r';
}

QString indexed(const QString &path, qsizetype index)
{
    return QStringLiteral("%1[%2]").arg(path).arg(index);
}

QString member(const QString &path, QStringView name)
{
    return path + u'.' + name.toString();
}

// Walks one parsed entry and collects the values that may hold tokens; the first structural error wins.
class EntryWalker
{
public:
    EntryWalker(HarEntry &entry, QString path) : m_entry(entry), m_path(std::move(path)) { }

    QString walk(const JsonValue &value)
    {
        if (!value.isObject())
            return m_path + HarReaderText::tr(": expected an object (an entry)");
        m_entry.startedDateTime = optionalString(value, u"startedDateTime", m_path);
        if (const JsonValue *request = objectMember(value, u"request", m_path)) {
            const QString path = member(m_path, u"request");
            m_entry.method = optionalString(*request, u"method", path);
            m_entry.url = optionalString(*request, u"url", path);
            addString(*request, u"url", path, HarReaderText::tr("URL"), HarMessage::Request);
            addPairs(*request, u"headers", path, HarReaderText::tr("request header %1"), HarMessage::Request,
                     Value::Required);
            addPairs(*request, u"cookies", path, HarReaderText::tr("request cookie %1"), HarMessage::Request,
                     Value::Required);
            addPairs(*request, u"queryString", path, HarReaderText::tr("query parameter %1"), HarMessage::Request,
                     Value::Required);
            if (const JsonValue *postData = objectMember(*request, u"postData", path)) {
                const QString postPath = member(path, u"postData");
                addString(*postData, u"text", postPath, HarReaderText::tr("request body"), HarMessage::Request);
                addPairs(*postData, u"params", postPath, HarReaderText::tr("form parameter %1"), HarMessage::Request,
                         Value::Optional);
            }
        }
        if (const JsonValue *response = objectMember(value, u"response", m_path)) {
            const QString path = member(m_path, u"response");
            addPairs(*response, u"headers", path, HarReaderText::tr("response header %1"), HarMessage::Response,
                     Value::Required);
            addPairs(*response, u"cookies", path, HarReaderText::tr("response cookie %1"), HarMessage::Response,
                     Value::Required);
            if (const JsonValue *content = objectMember(*response, u"content", path)) {
                const QString contentPath = member(path, u"content");
                const size_t before = m_entry.fields.size();
                addString(*content, u"text", contentPath, HarReaderText::tr("response body"), HarMessage::Response);
                if (optionalString(*content, u"encoding", contentPath) == u"base64" && m_entry.fields.size() > before) {
                    QByteArray &text = m_entry.fields.back().text;
                    const auto decoded = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
                    if (!decoded)
                        fail(member(contentPath, u"text"),
                             HarReaderText::tr("\"encoding\" is base64 but the text is not"));
                    else
                        text = *decoded;
                }
            }
            addString(*response, u"redirectURL", path, HarReaderText::tr("redirect URL"), HarMessage::Response);
        }
        return m_error;
    }

private:
    enum class Value { Required, Optional };

    void fail(const QString &path, const QString &message)
    {
        if (m_error.isEmpty())
            m_error = path + QStringLiteral(": ") + message;
    }

    const JsonValue *objectMember(const JsonValue &object, QStringView name, const QString &path)
    {
        const JsonValue *value = object.value(name);
        if (!value || value->isNull())
            return nullptr;
        if (!value->isObject()) {
            fail(member(path, name), HarReaderText::tr("expected an object"));
            return nullptr;
        }
        return value;
    }

    QString optionalString(const JsonValue &object, QStringView name, const QString &path)
    {
        const JsonValue *value = object.value(name);
        if (!value || value->isNull())
            return {};
        if (!value->isString()) {
            fail(member(path, name), HarReaderText::tr("expected a string"));
            return {};
        }
        return value->string;
    }

    void addString(const JsonValue &object, QStringView name, const QString &path, const QString &label,
                   HarMessage message)
    {
        const QString text = optionalString(object, name, path);
        if (!text.isEmpty())
            m_entry.fields.push_back({text.toUtf8(), member(path, name), label, message});
    }

    // HAR 1.2 headers, cookies, queryString and params: arrays of {"name": …, "value": …}.
    void addPairs(const JsonValue &object, QStringView name, const QString &path, const QString &label,
                  HarMessage message, Value value)
    {
        const JsonValue *array = object.value(name);
        if (!array || array->isNull())
            return;
        const QString arrayPath = member(path, name);
        if (!array->isArray()) {
            fail(arrayPath, HarReaderText::tr("expected an array"));
            return;
        }
        for (size_t index = 0; index < array->elements.size(); ++index) {
            const JsonValue &pair = array->elements[index];
            const QString pairPath = indexed(arrayPath, qsizetype(index));
            const JsonValue *pairName = pair.isObject() ? pair.value(u"name") : nullptr;
            const JsonValue *pairValue = pair.isObject() ? pair.value(u"value") : nullptr;
            const bool valueOk = pairValue ? pairValue->isString() : value == Value::Optional;
            if (!pairName || !pairName->isString() || !valueOk) {
                fail(pairPath,
                     value == Value::Required
                         ? HarReaderText::tr("expected an object with string \"name\" and \"value\"")
                         : HarReaderText::tr("expected an object with a string \"name\""));
                return;
            }
            if (pairValue && !pairValue->string.isEmpty())
                m_entry.fields.push_back({pairValue->string.toUtf8(), pairPath, label.arg(pairName->string), message});
        }
    }

    HarEntry &m_entry;
    QString m_path;
    QString m_error;
};

} // namespace

HarReader::HarReader(QIODevice &device, QByteArray alreadyRead, const HarLimits &limits)
    : m_device(device), m_limits(limits), m_buffer(std::move(alreadyRead)), m_bytesRead(m_buffer.size())
{ }

bool HarReader::looksLikeHar(QByteArrayView prefix)
{
    QByteArrayView rest = prefix;
    if (rest.startsWith("\xEF\xBB\xBF"))
        rest = rest.sliced(3);
    const auto skip = [&rest] {
        while (!rest.isEmpty() && isWhitespace(static_cast<unsigned char>(rest.front())))
            rest = rest.sliced(1);
    };
    skip();
    if (!rest.startsWith('{'))
        return false;
    rest = rest.sliced(1);
    skip();
    return rest.startsWith("\"log\"");
}

bool HarReader::fail(const QString &path, const QString &message)
{
    if (m_error.isEmpty())
        m_error = path.isEmpty() ? message : path + QStringLiteral(": ") + message;
    m_stage = Stage::Done;
    return false;
}

// Makes `count` bytes available at m_position unless the input ends first; drops what was consumed.
bool HarReader::ensure(qsizetype count)
{
    while (m_buffer.size() - m_position < count && !m_deviceAtEnd) {
        if (m_position > 0) {
            m_buffer.remove(0, m_position);
            m_consumed += m_position;
            m_position = 0;
        }
        const qsizetype before = m_buffer.size();
        m_buffer.resize(before + kReadBytes);
        const qint64 got = m_device.read(m_buffer.data() + before, kReadBytes);
        m_buffer.resize(before + qMax<qint64>(0, got));
        if (got < 0)
            return fail({}, HarReaderText::tr("cannot read: %1").arg(m_device.errorString()));
        m_bytesRead += got;
        if (got == 0 && (m_device.atEnd() || !m_device.waitForReadyRead(-1)))
            m_deviceAtEnd = true;
    }
    return m_buffer.size() - m_position >= count;
}

int HarReader::peek()
{
    return ensure(1) ? static_cast<unsigned char>(m_buffer[m_position]) : -1;
}

void HarReader::skipWhitespace()
{
    while (isWhitespace(peek()))
        ++m_position;
}

bool HarReader::expect(char byte, const QString &path)
{
    skipWhitespace();
    const int found = peek();
    if (found == byte) {
        ++m_position;
        return true;
    }
    return fail(
        path,
        found < 0 ? HarReaderText::tr("the file ends where '%1' was expected").arg(QLatin1Char(byte))
                  : HarReaderText::tr("expected '%1' at byte %2").arg(QLatin1Char(byte)).arg(m_consumed + m_position));
}

// Reads a string value (or skips any other value) starting at m_position, appending its bytes to `capture` when
// given. Brackets are matched and strings honoured; the content is checked later by Json::parse.
bool HarReader::readValue(QByteArray *capture, qsizetype cap, const QString &path)
{
    skipWhitespace();
    qint64 depth = 0;
    bool inString = false;
    bool escaped = false;
    qsizetype captured = 0;
    for (;;) {
        if (!ensure(1))
            return m_error.isEmpty() ? fail(path, HarReaderText::tr("the file ends inside this value")) : false;
        const char byte = m_buffer[m_position];
        if (!inString && depth == 0 && captured > 0
            && (byte == ',' || byte == '}' || byte == ']' || isWhitespace(byte)))
            return true;
        ++m_position;
        ++captured;
        if (capture) {
            if (captured > cap)
                return fail(path, HarReaderText::tr("larger than %1 MiB").arg(cap / (1024 * 1024)));
            capture->append(byte);
        }
        if (inString) {
            if (escaped)
                escaped = false;
            else if (byte == '\\')
                escaped = true;
            else if (byte == '"')
                inString = false;
        } else if (byte == '"') {
            inString = true;
        } else if (byte == '{' || byte == '[') {
            ++depth;
        } else if (byte == '}' || byte == ']') {
            if (--depth < 0)
                return fail(path,
                            HarReaderText::tr("unexpected '%1' at byte %2")
                                .arg(QLatin1Char(byte))
                                .arg(m_consumed + m_position - 1));
        }
        if (!inString && depth == 0 && (byte == '"' || byte == '}' || byte == ']'))
            return true;
    }
}

bool HarReader::readName(QString *name, const QString &path)
{
    skipWhitespace();
    if (peek() != '"')
        return fail(path, HarReaderText::tr("expected a member name at byte %1").arg(m_consumed + m_position));
    QByteArray raw;
    if (!readValue(&raw, kMaxNameBytes, path))
        return false;
    const JsonParseResult parsed = Json::parse(raw);
    if (!parsed || !parsed.value->isString())
        return fail(path, HarReaderText::tr("a member name is not a valid JSON string"));
    *name = parsed.value->string;
    return expect(':', path);
}

// Moves into the value of member `wanted` of the object that starts here, skipping the members before it.
bool HarReader::enterMember(const QString &wanted, const QString &path)
{
    const QString target = path.isEmpty() ? wanted : member(path, wanted);
    if (!expect('{', path.isEmpty() ? QStringLiteral("$") : path))
        return false;
    for (bool first = true;; first = false) {
        skipWhitespace();
        if (peek() == '}')
            return fail(target, HarReaderText::tr("missing"));
        if (!first && !expect(',', path))
            return false;
        QString name;
        if (!readName(&name, path))
            return false;
        if (name == wanted)
            return true;
        if (!readValue(nullptr, 0, member(path, name)))
            return false;
    }
}

bool HarReader::openEntries()
{
    if (m_buffer.startsWith("\xEF\xBB\xBF"))
        m_position = 3;
    if (!enterMember(QStringLiteral("log"), {}) || !enterMember(QStringLiteral("entries"), QStringLiteral("log")))
        return false;
    skipWhitespace();
    if (peek() != '[')
        return fail(QStringLiteral("log.entries"), HarReaderText::tr("expected an array"));
    ++m_position;
    m_stage = Stage::Entries;
    return true;
}

bool HarReader::next(HarEntry &entry)
{
    if (m_stage == Stage::Start && !openEntries())
        return false;
    if (m_stage != Stage::Entries)
        return false;
    skipWhitespace();
    if (peek() == ']') {
        ++m_position;
        m_stage = Stage::Done;
        return false;
    }
    const QString path = indexed(QStringLiteral("log.entries"), m_entryIndex);
    if (m_entryIndex > 0 && !expect(',', path))
        return false;
    skipWhitespace();
    const qint64 entryStart = m_consumed + m_position;
    QByteArray raw;
    if (!readValue(&raw, m_limits.maxEntryBytes, path))
        return false;
    JsonLimits limits;
    limits.maxBytes = m_limits.maxEntryBytes;
    const JsonParseResult parsed = Json::parse(raw, limits);
    if (!parsed)
        return fail(path,
                    HarReaderText::tr("invalid JSON at byte %1: %2")
                        .arg(entryStart + parsed.error.offset)
                        .arg(parsed.error.message));
    entry = HarEntry {};
    entry.index = m_entryIndex;
    const QString error = EntryWalker(entry, path).walk(*parsed.value);
    if (!error.isEmpty())
        return fail({}, error);
    ++m_entryIndex;
    return true;
}

} // namespace tokenscope
