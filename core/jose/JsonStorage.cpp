// JsonStorage: allocating the blocks the parser carves strings and number lexemes from.

#include "jose/JsonStorage.h"

namespace tokenscope {

JsonStorage::~JsonStorage() = default;

void JsonStorage::reserveText(qsizetype units)
{
    if (textAvailable() >= units)
        return;
    auto [header, data] = QTypedArrayData<char16_t>::allocate(units);
    Q_CHECK_PTR(data);
    m_text = QString::DataPointer(header, data, 0);
    m_textCursor = data;
    m_textEnd = data + units;
}

void JsonStorage::adoptBytes(const QByteArray::DataPointer &block, char *from, char *to)
{
    m_bytes = block;
    m_bytesCursor = from;
    m_bytesEnd = to;
}

void JsonStorage::reserveBytes(qsizetype bytes)
{
    if (bytesAvailable() >= bytes)
        return;
    auto [header, data] = QTypedArrayData<char>::allocate(bytes);
    Q_CHECK_PTR(data);
    m_bytes = QByteArray::DataPointer(header, data, 0);
    m_bytesCursor = data;
    m_bytesEnd = data + bytes;
}

} // namespace tokenscope
