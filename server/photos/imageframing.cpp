#include "imageframing.h"

#include <QIODevice>
#include <QtEndian>

#include <cstring>
#include <optional>

namespace dispatch::server::imageframing {

namespace {

/// Bytes of a device one at a time, read in blocks.
class ByteReader {
public:
    explicit ByteReader(QIODevice &device)
        : m_device(device)
    {}

    std::optional<quint8> next()
    {
        if (m_at == m_block.size()) {
            m_block = m_device.read(64 << 10);
            m_at = 0;
            if (m_block.isEmpty())
                return std::nullopt;
        }
        return quint8(m_block.at(m_at++));
    }

    /// Skips `count` bytes; false when the device ends first.
    bool skip(qint64 count)
    {
        const qint64 buffered = m_block.size() - m_at;
        if (count <= buffered) {
            m_at += count;
            return true;
        }
        count -= buffered;
        m_block.clear();
        m_at = 0;
        const qint64 target = m_device.pos() + count;
        return target <= m_device.size() && m_device.seek(target);
    }

    /// Reads up to and including the next `byte`; false when the device ends first.
    bool skipPast(quint8 byte)
    {
        for (;;) {
            const char *begin = m_block.constData() + m_at;
            const void *found = std::memchr(begin, byte, size_t(m_block.size() - m_at));
            if (found) {
                m_at += static_cast<const char *>(found) - begin + 1;
                return true;
            }
            m_block = m_device.read(64 << 10);
            m_at = 0;
            if (m_block.isEmpty())
                return false;
        }
    }

    std::optional<quint16> bigEndian16()
    {
        const auto high = next();
        const auto low = high ? next() : std::nullopt;
        if (!low)
            return std::nullopt;
        return quint16(*high << 8 | *low);
    }

private:
    QIODevice &m_device;
    QByteArray m_block;
    qsizetype m_at = 0;
};

constexpr quint8 kSos = 0xDA;
constexpr quint8 kEoi = 0xD9;

/// Markers with no length after them: TEM, RST0–7, SOI, EOI.
bool isStandalone(quint8 marker)
{
    return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9);
}

} // namespace

bool jpegComplete(QIODevice &device)
{
    if (!device.seek(0))
        return false;
    ByteReader bytes(device);
    if (bytes.next() != 0xFF || bytes.next() != 0xD8)
        return false;
    bool inScan = false;
    for (;;) {
        if (inScan) {
            // Entropy-coded data up to the next 0xFF.
            if (!bytes.skipPast(0xFF))
                return false; // the file ends before the image does
        } else if (bytes.next() != 0xFF) {
            return false; // between segments only markers may follow
        }
        // A marker; 0xFF fill bytes may come before it.
        std::optional<quint8> byte;
        do {
            byte = bytes.next();
        } while (byte == 0xFF);
        if (!byte)
            return false;
        const quint8 marker = *byte;
        if (marker == 0x00)
            continue; // a stuffed 0xFF inside the scan
        if (marker == kEoi)
            return true;
        if (isStandalone(marker))
            continue; // restart markers inside a scan
        const auto length = bytes.bigEndian16();
        if (!length || *length < 2 || !bytes.skip(*length - 2))
            return false;
        // After a scan's header its data follows; other segments (tables between the scans of
        // a progressive JPEG) are followed by the next marker.
        inScan = marker == kSos;
    }
}

bool pngComplete(QIODevice &device)
{
    constexpr qint64 kSignature = 8;
    if (!device.seek(kSignature))
        return false;
    const qint64 size = device.size();
    qint64 at = kSignature;
    while (at + 12 <= size) {
        if (!device.seek(at))
            return false;
        const QByteArray header = device.read(8);
        if (header.size() != 8)
            return false;
        const quint32 length = qFromBigEndian<quint32>(header.constData());
        const qint64 end = at + 12 + qint64(length); // length, type, data, CRC
        if (end > size)
            return false; // the chunk runs past the end of the file
        if (header.mid(4, 4) == "IEND")
            return true;
        at = end;
    }
    return false;
}

bool webpComplete(QIODevice &device)
{
    if (!device.seek(0))
        return false;
    const QByteArray head = device.read(12);
    if (head.size() != 12)
        return false;
    // RIFF's length counts what follows its first 8 bytes.
    const quint32 length = qFromLittleEndian<quint32>(head.constData() + 4);
    return qint64(length) + 8 <= device.size();
}

bool isComplete(QByteArrayView mediaType, QIODevice &device)
{
    if (mediaType == "image/jpeg")
        return jpegComplete(device);
    if (mediaType == "image/png")
        return pngComplete(device);
    if (mediaType == "image/webp")
        return webpComplete(device);
    return false;
}

} // namespace dispatch::server::imageframing
