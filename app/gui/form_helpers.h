#pragma once

#include <QFormLayout>
#include <QLabel>
#include <QStyle>
#include <QWidget>

namespace bcf::app {

// QFormLayout aligns labels with the top of their fields; with the theme's taller inputs that
// looks off. Gives every label its field's height so the text sits on the field's centre line.
inline void centerFormLabels(QFormLayout* form)
{
    for (int row = 0; row < form->rowCount(); ++row) {
        auto* labelItem = form->itemAt(row, QFormLayout::LabelRole);
        auto* fieldItem = form->itemAt(row, QFormLayout::FieldRole);
        if (!labelItem || !fieldItem)
            continue;
        if (auto* label = qobject_cast<QLabel*>(labelItem->widget())) {
            label->setMinimumHeight(fieldItem->sizeHint().height());
            label->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
}

// Re-applies the style sheet after a dynamic property ("accent", "role") changed.
inline void repolish(QWidget* widget)
{
    widget->style()->unpolish(widget);
    widget->style()->polish(widget);
}

} // namespace bcf::app
