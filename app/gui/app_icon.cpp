#include "gui/app_icon.h"

#include <QPainter>
#include <QPainterPath>

namespace bcf::app {

QPixmap appLogo(int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);

    const qreal s = size;
    QPainterPath background;
    background.addRoundedRect(QRectF(0, 0, s, s), s * 0.22, s * 0.22);
    QLinearGradient gradient(0, 0, s, s);
    gradient.setColorAt(0, QColor(0x2962ff));
    gradient.setColorAt(1, QColor(0x1a3fb8));
    painter.fillPath(background, gradient);

    // Three candles: down, up, up; x centre, wick top/bottom, body top/bottom (fractions).
    struct Candle {
        qreal x, wickTop, wickBottom, bodyTop, bodyBottom;
        QColor color;
    };
    const QColor up(0x26a69a);
    const QColor down(0xef5350);
    const Candle candles[] = {
        {0.28, 0.30, 0.78, 0.40, 0.66, down},
        {0.50, 0.22, 0.72, 0.32, 0.58, up},
        {0.72, 0.16, 0.60, 0.22, 0.48, up},
    };
    for (const auto& candle : candles) {
        painter.setPen(QPen(Qt::white, qMax<qreal>(1.0, s * 0.03), Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(QPointF(candle.x * s, candle.wickTop * s),
                         QPointF(candle.x * s, candle.wickBottom * s));
        const QRectF body(candle.x * s - s * 0.07, candle.bodyTop * s, s * 0.14,
                          (candle.bodyBottom - candle.bodyTop) * s);
        painter.setPen(QPen(Qt::white, qMax<qreal>(1.0, s * 0.02)));
        painter.setBrush(candle.color);
        painter.drawRoundedRect(body, s * 0.02, s * 0.02);
    }
    return pixmap;
}

QIcon appIcon()
{
    QIcon icon;
    for (const int size : {16, 24, 32, 48, 64, 128, 256})
        icon.addPixmap(appLogo(size));
    return icon;
}

} // namespace bcf::app
