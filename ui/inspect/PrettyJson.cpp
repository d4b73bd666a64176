#include "inspect/PrettyJson.h"

#include "verify/ClaimCatalogue.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

int innermost(const QList<PrettyJsonEntry> &entries, qsizetype offset, Span PrettyJsonEntry::*extent)
{
    int best = -1;
    for (int i = 0; i < entries.size(); ++i) {
        const Span span = entries[i].*extent;
        // The entry's last character counts too, so a click right after a value still selects it.
        if (offset >= span.start && offset < span.end() && (best < 0 || entries[i].depth > entries[best].depth))
            best = i;
    }
    return best;
}

class Printer
{
public:
    explicit Printer(PrettyJsonPrinter::Section section) : m_section(section) { }

    PrettyJson run(const JsonValue &root)
    {
        writeValue(root, 0, -1, QString());
        if (m_result.shortened) {
            m_result.text.append(u"\n\n"_s);
            m_result.text.append(QCoreApplication::translate(
                "PrettyJson", "… shortened for display: the rest of this document is not shown here"));
        }
        return std::move(m_result);
    }

private:
    void indent(int level) { m_result.text.append(QString(level * 2, u' ')); }

    // True (and the document marked shortened) once the text has reached the display limit.
    bool full()
    {
        if (m_result.text.size() < PrettyJsonPrinter::maxTextCharacters)
            return false;
        m_result.shortened = true;
        return true;
    }

    void writeString(const QString &string)
    {
        if (string.size() <= PrettyJsonPrinter::maxStringCharacters) {
            m_result.text.append(QString::fromUtf8(Json::quote(string)));
            return;
        }
        QString quoted
            = QString::fromUtf8(Json::quote(QStringView(string).first(PrettyJsonPrinter::maxStringCharacters)));
        quoted.chop(1);
        m_result.text.append(quoted);
        m_result.text.append(u"…\""_s);
    }

    void writeValue(const JsonValue &value, int level, int parent, const QString &path)
    {
        QString &text = m_result.text;
        switch (value.type) {
        case JsonValue::Type::Null:
            text.append(u"null"_s);
            break;
        case JsonValue::Type::Bool:
            text.append(value.boolean ? u"true"_s : u"false"_s);
            break;
        case JsonValue::Type::Number:
            text.append(QString::fromLatin1(value.lexeme));
            break;
        case JsonValue::Type::String:
            writeString(value.string);
            break;
        case JsonValue::Type::Array:
            if (value.elements.empty()) {
                text.append(u"[]"_s);
                break;
            }
            text.append(u"[\n"_s);
            for (std::size_t i = 0; i < value.elements.size(); ++i) {
                const JsonValue &element = value.elements[i];
                indent(level + 1);
                if (full()) {
                    text.append(u"…\n"_s);
                    break;
                }
                const int index = int(m_result.entries.size());
                PrettyJsonEntry entry;
                entry.path = path + QStringLiteral("[%1]").arg(i);
                entry.depth = level;
                entry.parent = parent;
                entry.source = element.span;
                entry.type = element.type;
                const qsizetype start = text.size();
                m_result.entries.append(entry);
                // A copy: writing the children appends entries, which may move this one.
                const QString elementPath = m_result.entries[index].path;
                writeValue(element, level + 1, index, elementPath);
                m_result.entries[index].text = {start, text.size() - start};
                m_result.entries[index].valueText = m_result.entries[index].text;
                m_result.entries[index].shortened
                    = element.isString() && element.string.size() > PrettyJsonPrinter::maxStringCharacters;
                text.append(i + 1 < value.elements.size() ? u",\n"_s : u"\n"_s);
            }
            indent(level);
            text.append(u']');
            break;
        case JsonValue::Type::Object:
            if (value.members.empty()) {
                text.append(u"{}"_s);
                break;
            }
            text.append(u"{\n"_s);
            for (std::size_t i = 0; i < value.members.size(); ++i) {
                const JsonMember &member = value.members[i];
                indent(level + 1);
                if (full()) {
                    text.append(u"…\n"_s);
                    break;
                }
                const int index = int(m_result.entries.size());
                PrettyJsonEntry entry;
                entry.name = member.name;
                entry.path = path.isEmpty() ? member.name : path + u'.' + member.name;
                entry.depth = level;
                entry.parent = parent;
                entry.source = {member.nameSpan.start, member.value.span.end() - member.nameSpan.start};
                entry.type = member.value.type;
                entry.shortened
                    = member.value.isString() && member.value.string.size() > PrettyJsonPrinter::maxStringCharacters;
                if (level == 0 && m_section == PrettyJsonPrinter::Section::Payload && member.value.isNumber()) {
                    const ClaimCatalogue::Entry *known = ClaimCatalogue::instance().claim(member.name);
                    const std::optional<qint64> seconds = member.value.toInteger();
                    if (known && known->timestamp && seconds) {
                        entry.timestamp = true;
                        entry.seconds = *seconds;
                    }
                }
                const qsizetype start = text.size();
                m_result.entries.append(entry);
                text.append(QString::fromUtf8(Json::quote(member.name)));
                text.append(u": "_s);
                const qsizetype valueStart = text.size();
                const QString memberPath = m_result.entries[index].path;
                writeValue(member.value, level + 1, index, memberPath);
                m_result.entries[index].text = {start, text.size() - start};
                m_result.entries[index].valueText = {valueStart, text.size() - valueStart};
                text.append(i + 1 < value.members.size() ? u",\n"_s : u"\n"_s);
            }
            indent(level);
            text.append(u'}');
            break;
        }
    }

    PrettyJsonPrinter::Section m_section;
    PrettyJson m_result;
};

} // namespace

int PrettyJson::entryAtText(qsizetype position) const
{
    return innermost(entries, position, &PrettyJsonEntry::text);
}

int PrettyJson::entryAtSource(qsizetype offset) const
{
    return innermost(entries, offset, &PrettyJsonEntry::source);
}

int PrettyJson::topLevelEntry(QStringView name) const
{
    for (int i = 0; i < entries.size(); ++i) {
        if (entries[i].depth == 0 && entries[i].parent < 0 && entries[i].name == name)
            return i;
    }
    return -1;
}

namespace PrettyJsonPrinter {

PrettyJson print(const JsonValue &root, Section section)
{
    return Printer(section).run(root);
}

} // namespace PrettyJsonPrinter
} // namespace tokenscope
