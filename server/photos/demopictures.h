#pragma once

#include <QByteArray>
#include <QString>

namespace dispatch::server {

/// The site pictures `--demo` seeds as photos: 1600 × 1200 JPEGs painted with QPainter (a
/// cracked brick wall, a dripping pipe, a roof with a missing shingle, a water-stained
/// ceiling) with the file's name as a caption. The caption uses a built-in 5 × 7 pixel font,
/// because dispatchd is a QCoreApplication and Qt's fonts need a QGuiApplication.
namespace demopictures {

enum class Scene { Wall, Pipe, Roof, Ceiling };
inline constexpr int kSceneCount = 4;

/// A JPEG of `scene`, varied by `seed`, captioned with `caption`.
QByteArray paint(Scene scene, int seed, const QString &caption);

} // namespace demopictures

} // namespace dispatch::server
