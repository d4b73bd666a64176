#pragma once

#include <QByteArray>
#include <QString>

#include <cstring>

namespace tokenscope {

// The blocks the parser carves strings and number lexemes from. Each parsed QString and lexeme is an implicitly
// shared view into one of these blocks (nul-terminated like any QString/QByteArray, copied on write), so a document
// costs a couple of allocations instead of one per value. Parsing several documents with one storage (a token's
// header and payload) shares the blocks between them. Not thread-safe; the values it produced are ordinary Qt values.
class JsonStorage
{
public:
    JsonStorage() = default;
    ~JsonStorage();
    JsonStorage(const JsonStorage &) = delete;
    JsonStorage &operator=(const JsonStorage &) = delete;

    // Makes sure the current text block has room for `units` more UTF-16 code units (allocating a new block
    // when it does not; values already handed out keep the old one alive).
    void reserveText(qsizetype units);
    // Lends the unused part [from, to) of `block` (which the caller will not write again) for number lexemes.
    void adoptBytes(const QByteArray::DataPointer &block, char *from, char *to);
    void reserveBytes(qsizetype bytes);

    // Internal, for the parser: room is reserved first, then handed out front to back. The two take functions are
    // inline because the parser calls them once per string and number.
    char16_t *textCursor() const { return m_textCursor; }
    qsizetype textAvailable() const { return m_textEnd - m_textCursor; }
    QString takeText(qsizetype units); // the `units` at textCursor() plus the terminator written after them
    qsizetype bytesAvailable() const { return m_bytesEnd - m_bytesCursor; }
    QByteArray takeBytes(const char *bytes, qsizetype size);

private:
    QString::DataPointer m_text;
    char16_t *m_textCursor = nullptr;
    char16_t *m_textEnd = nullptr;
    QByteArray::DataPointer m_bytes;
    char *m_bytesCursor = nullptr;
    char *m_bytesEnd = nullptr;
};

inline QString JsonStorage::takeText(qsizetype units)
{
    Q_ASSERT(units + 1 <= textAvailable());
    char16_t *begin = m_textCursor;
    begin[units] = u'\0';
    m_textCursor += units + 1;
    m_text.d_ptr()->ref();
    return QString(QString::DataPointer(m_text.d_ptr(), begin, units));
}

inline QByteArray JsonStorage::takeBytes(const char *bytes, qsizetype size)
{
    Q_ASSERT(size + 1 <= bytesAvailable());
    char *begin = m_bytesCursor;
    std::memcpy(begin, bytes, static_cast<size_t>(size));
    begin[size] = '\0';
    m_bytesCursor += size + 1;
    m_bytes.d_ptr()->ref();
    return QByteArray(QByteArray::DataPointer(m_bytes.d_ptr(), begin, size));
}

} // namespace tokenscope
