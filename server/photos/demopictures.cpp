#include "demopictures.h"

#include <QBuffer>
#include <QImage>
#include <QImageWriter>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QRadialGradient>
#include <QRandomGenerator>

namespace dispatch::server::demopictures {

namespace {

constexpr int kWidth = 1600;
constexpr int kHeight = 1200;

struct Glyph {
    char c;
    quint8 rows[7]; ///< five pixels each, the leftmost in bit 4
};

// A 5 × 7 font for captions: upper-case letters, digits and the punctuation of file names.
constexpr Glyph kFont[] = {
    {'A', {14, 17, 17, 31, 17, 17, 17}}, {'B', {30, 17, 17, 30, 17, 17, 30}},
    {'C', {14, 17, 16, 16, 16, 17, 14}}, {'D', {30, 17, 17, 17, 17, 17, 30}},
    {'E', {31, 16, 16, 30, 16, 16, 31}}, {'F', {31, 16, 16, 30, 16, 16, 16}},
    {'G', {14, 17, 16, 23, 17, 17, 15}}, {'H', {17, 17, 17, 31, 17, 17, 17}},
    {'I', {14, 4, 4, 4, 4, 4, 14}},      {'J', {7, 2, 2, 2, 2, 18, 12}},
    {'K', {17, 18, 20, 24, 20, 18, 17}}, {'L', {16, 16, 16, 16, 16, 16, 31}},
    {'M', {17, 27, 21, 21, 17, 17, 17}}, {'N', {17, 17, 25, 21, 19, 17, 17}},
    {'O', {14, 17, 17, 17, 17, 17, 14}}, {'P', {30, 17, 17, 30, 16, 16, 16}},
    {'Q', {14, 17, 17, 17, 21, 18, 13}}, {'R', {30, 17, 17, 30, 20, 18, 17}},
    {'S', {15, 16, 16, 14, 1, 1, 30}},   {'T', {31, 4, 4, 4, 4, 4, 4}},
    {'U', {17, 17, 17, 17, 17, 17, 14}}, {'V', {17, 17, 17, 17, 17, 10, 4}},
    {'W', {17, 17, 17, 21, 21, 21, 10}}, {'X', {17, 17, 10, 4, 10, 17, 17}},
    {'Y', {17, 17, 10, 4, 4, 4, 4}},     {'Z', {31, 1, 2, 4, 8, 16, 31}},
    {'0', {14, 17, 19, 21, 25, 17, 14}}, {'1', {4, 12, 4, 4, 4, 4, 14}},
    {'2', {14, 17, 1, 2, 4, 8, 31}},     {'3', {31, 2, 4, 2, 1, 17, 14}},
    {'4', {2, 6, 10, 18, 31, 2, 2}},     {'5', {31, 16, 30, 1, 1, 17, 14}},
    {'6', {6, 8, 16, 30, 17, 17, 14}},   {'7', {31, 1, 2, 4, 8, 8, 8}},
    {'8', {14, 17, 17, 14, 17, 17, 14}}, {'9', {14, 17, 17, 15, 1, 2, 12}},
    {'.', {0, 0, 0, 0, 0, 12, 12}},      {'-', {0, 0, 0, 31, 0, 0, 0}},
    {'_', {0, 0, 0, 0, 0, 0, 31}},       {':', {0, 12, 12, 0, 12, 12, 0}},
};

const Glyph *glyphOf(QChar c)
{
    const char wanted = c.toUpper().toLatin1();
    for (const Glyph &glyph : kFont) {
        if (glyph.c == wanted)
            return &glyph;
    }
    return nullptr; // drawn as a space
}

/// The caption on a dark band along the bottom, `scale` image pixels per font pixel.
void drawCaption(QPainter &painter, const QString &text)
{
    constexpr int kScale = 6;
    constexpr int kAdvance = 6 * kScale;
    const int bandHeight = 7 * kScale + 48;
    painter.fillRect(QRect(0, kHeight - bandHeight, kWidth, bandHeight), QColor(0, 0, 0, 150));
    int x = 32;
    const int y = kHeight - bandHeight + 24;
    for (const QChar c : text) {
        if (x + kAdvance > kWidth)
            break;
        if (const Glyph *glyph = glyphOf(c)) {
            for (int row = 0; row < 7; ++row) {
                for (int column = 0; column < 5; ++column) {
                    if (glyph->rows[row] & (0x10 >> column))
                        painter.fillRect(x + column * kScale, y + row * kScale, kScale, kScale,
                                         QColor(245, 245, 240));
                }
            }
        }
        x += kAdvance;
    }
}

void paintWall(QPainter &painter, QRandomGenerator &random)
{
    QLinearGradient light(0, 0, kWidth, kHeight);
    light.setColorAt(0, QColor(190, 160, 140));
    light.setColorAt(1, QColor(120, 95, 80));
    painter.fillRect(0, 0, kWidth, kHeight, light);
    constexpr int kBrickW = 160, kBrickH = 60, kMortar = 10;
    for (int row = 0; row * kBrickH < kHeight; ++row) {
        const int offset = row % 2 ? kBrickW / 2 : 0;
        for (int x = -offset; x < kWidth; x += kBrickW) {
            const int shade = int(random.bounded(40));
            painter.fillRect(x + kMortar / 2, row * kBrickH + kMortar / 2, kBrickW - kMortar,
                             kBrickH - kMortar, QColor(150 + shade, 70 + shade / 2, 50, 200));
        }
    }
    // The crack: a jagged line from the top down to the middle.
    QPainterPath crack(QPointF(700 + random.bounded(200), 0));
    for (int y = 60; y < 800; y += 60)
        crack.lineTo(650 + random.bounded(300), y);
    painter.setPen(QPen(QColor(30, 25, 20), 9, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPath(crack);
    QRadialGradient stain(QPointF(1200, 900), 300);
    stain.setColorAt(0, QColor(60, 50, 40, 140));
    stain.setColorAt(1, QColor(60, 50, 40, 0));
    painter.fillRect(0, 0, kWidth, kHeight, stain);
}

void paintPipe(QPainter &painter, QRandomGenerator &random)
{
    QLinearGradient back(0, 0, 0, kHeight);
    back.setColorAt(0, QColor(70, 75, 80));
    back.setColorAt(1, QColor(30, 32, 35));
    painter.fillRect(0, 0, kWidth, kHeight, back);
    QLinearGradient metal(0, 420, 0, 580);
    metal.setColorAt(0, QColor(120, 120, 125));
    metal.setColorAt(0.4, QColor(230, 230, 235));
    metal.setColorAt(1, QColor(90, 90, 95));
    painter.setPen(Qt::NoPen);
    painter.setBrush(metal);
    painter.drawRoundedRect(QRectF(-20, 420, kWidth + 40, 160), 40, 40);
    QLinearGradient joint(0, 390, 0, 610);
    joint.setColorAt(0, QColor(150, 110, 60));
    joint.setColorAt(0.5, QColor(220, 180, 110));
    joint.setColorAt(1, QColor(120, 80, 40));
    painter.setBrush(joint);
    const int jointX = 600 + int(random.bounded(400));
    painter.drawRoundedRect(QRectF(jointX, 390, 140, 220), 20, 20);
    painter.setBrush(QColor(90, 150, 220, 200));
    for (int i = 0; i < 5; ++i)
        painter.drawEllipse(QPointF(jointX + 70, 650 + i * 70), 14, 22);
    QRadialGradient puddle(QPointF(jointX + 70, 1050), 280);
    puddle.setColorAt(0, QColor(90, 150, 220, 170));
    puddle.setColorAt(1, QColor(90, 150, 220, 0));
    painter.setBrush(puddle);
    painter.drawEllipse(QPointF(jointX + 70, 1050), 320, 70);
}

void paintRoof(QPainter &painter, QRandomGenerator &random)
{
    QLinearGradient sky(0, 0, 0, 500);
    sky.setColorAt(0, QColor(90, 150, 220));
    sky.setColorAt(1, QColor(200, 225, 245));
    painter.fillRect(0, 0, kWidth, kHeight, sky);
    const QPolygonF roof{QPointF(0, 420), QPointF(kWidth, 300), QPointF(kWidth, kHeight),
                         QPointF(0, kHeight)};
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(70, 60, 60));
    painter.drawPolygon(roof);
    painter.setClipRegion(QRegion(roof.toPolygon()));
    for (int row = 0; row < 14; ++row) {
        const int y = 300 + row * 70;
        for (int x = (row % 2) * 60; x < kWidth; x += 120) {
            const int shade = int(random.bounded(30));
            painter.setBrush(QColor(100 + shade, 85 + shade, 80 + shade));
            painter.drawRect(QRect(x + 4, y + 4, 112, 62));
        }
    }
    painter.setBrush(QColor(160, 130, 90)); // the bare deck where a shingle is missing
    painter.drawRect(QRect(500 + int(random.bounded(500)), 720, 120, 70));
    painter.setClipping(false);
    painter.setBrush(QColor(200, 200, 205));
    painter.drawRect(QRect(0, 1120, kWidth, 30)); // the gutter
}

void paintCeiling(QPainter &painter, QRandomGenerator &random)
{
    painter.fillRect(0, 0, kWidth, kHeight, QColor(235, 232, 225));
    QLinearGradient corner(0, 0, kWidth, 0);
    corner.setColorAt(0, QColor(0, 0, 0, 60));
    corner.setColorAt(0.3, QColor(0, 0, 0, 0));
    painter.fillRect(0, 0, kWidth, kHeight, corner);
    const QPointF centre(500 + random.bounded(600), 400 + random.bounded(300));
    for (int ring = 5; ring > 0; --ring) {
        QRadialGradient stain(centre, 70.0 * ring);
        stain.setColorAt(0.85, QColor(160, 120, 60, 0));
        stain.setColorAt(0.95, QColor(150, 110, 50, 90));
        stain.setColorAt(1, QColor(150, 110, 50, 0));
        painter.fillRect(0, 0, kWidth, kHeight, stain);
    }
    painter.setPen(QPen(QColor(200, 200, 195), 6));
    painter.setBrush(QColor(250, 250, 250));
    painter.drawEllipse(QPointF(1300, 250), 90, 90); // a light fixture
}

} // namespace

QByteArray paint(Scene scene, int seed, const QString &caption)
{
    QImage image(kWidth, kHeight, QImage::Format_RGB32);
    QRandomGenerator random(quint32(seed) * 7919u + quint32(scene));
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        switch (scene) {
        case Scene::Wall:
            paintWall(painter, random);
            break;
        case Scene::Pipe:
            paintPipe(painter, random);
            break;
        case Scene::Roof:
            paintRoof(painter, random);
            break;
        case Scene::Ceiling:
            paintCeiling(painter, random);
            break;
        }
        drawCaption(painter, caption);
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(85);
    writer.write(image);
    return bytes;
}

} // namespace dispatch::server::demopictures
