#include "issuer/MediaType.h"

#include "issuer/HttpRequestHead.h"

namespace tokenscope::issuer {

namespace {

// Reads a token at `position`, moving past it; empty when there is none.
QByteArray readToken(QByteArrayView text, qsizetype &position)
{
    const qsizetype start = position;
    while (position < text.size() && HttpRequestHead::isTokenChar(text[position]))
        ++position;
    return text.sliced(start, position - start).toByteArray();
}

void skipWhitespace(QByteArrayView text, qsizetype &position)
{
    while (position < text.size() && (text[position] == ' ' || text[position] == '\t'))
        ++position;
}

} // namespace

MediaType MediaType::parse(QByteArrayView value)
{
    MediaType result;
    qsizetype position = 0;
    skipWhitespace(value, position);
    const QByteArray type = readToken(value, position);
    if (type.isEmpty() || position >= value.size() || value[position] != '/')
        return {};
    ++position;
    const QByteArray subtype = readToken(value, position);
    if (subtype.isEmpty())
        return {};
    QHash<QByteArray, QByteArray> parameters;
    for (;;) {
        skipWhitespace(value, position);
        if (position == value.size())
            break;
        if (value[position] != ';')
            return {};
        ++position;
        skipWhitespace(value, position);
        if (position == value.size())
            break; // a trailing ";" is allowed by the grammar's empty list elements
        const QByteArray name = readToken(value, position).toLower();
        if (name.isEmpty() || position >= value.size() || value[position] != '=')
            return {};
        ++position;
        QByteArray parameterValue;
        if (position < value.size() && value[position] == '"') {
            // RFC 9110 §5.6.4: quoted-string with backslash escapes.
            ++position;
            bool closed = false;
            while (position < value.size()) {
                const char c = value[position++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\') {
                    if (position == value.size())
                        return {};
                    parameterValue += value[position++];
                } else {
                    parameterValue += c;
                }
            }
            if (!closed)
                return {};
        } else {
            parameterValue = readToken(value, position);
            if (parameterValue.isEmpty())
                return {};
        }
        if (parameters.contains(name))
            return {}; // the same parameter twice is ambiguous
        parameters.insert(name, parameterValue);
    }
    result.type = (type + '/' + subtype).toLower();
    result.parameters = parameters;
    return result;
}

bool MediaType::is(QByteArrayView essence, QByteArrayView charset) const
{
    if (type.isEmpty() || QByteArrayView(type) != essence)
        return false;
    const auto found = parameters.constFind("charset");
    return found == parameters.constEnd() || QByteArrayView(*found).compare(charset, Qt::CaseInsensitive) == 0;
}

} // namespace tokenscope::issuer
