#pragma once

#include <QIcon>
#include <QPixmap>

namespace bcf::app {

// The BotCriptoFy2 mark (three candlesticks on a rounded square in the accent colour), drawn
// with QPainter so it is sharp at any size and needs no image plugin.
QPixmap appLogo(int size);
QIcon appIcon();

} // namespace bcf::app
