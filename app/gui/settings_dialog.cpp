#include "gui/settings_dialog.h"

#include "core/connection_profile_store.h"
#include "core/language_manager.h"
#include "gui/form_helpers.h"
#include "gui/theme_manager.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

QLabel* titleLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.2);
    label->setFont(font);
    return label;
}

} // namespace

SettingsDialog::SettingsDialog(ConnectionProfileStore& profiles, ThemeManager& theme,
                               LanguageManager& language, QWidget* parent)
    : QDialog(parent)
    , m_profiles(profiles)
    , m_theme(theme)
    , m_language(language)
    , m_draft(profiles.profiles())
{
    setObjectName(u"settingsDialog"_s);
    resize(820, 520);

    auto* root = new QVBoxLayout(this);
    root->setContentsMargins(0, 0, 0, 0);
    root->setSpacing(0);
    auto* body = new QHBoxLayout;
    body->setSpacing(0);
    root->addLayout(body, 1);

    m_navigation = new QListWidget(this);
    m_navigation->setObjectName(u"settingsNavigation"_s);
    m_navigation->setFixedWidth(180);
    m_navigation->addItem(QString());
    m_navigation->addItem(QString());
    body->addWidget(m_navigation);

    m_pages = new QStackedWidget(this);
    body->addWidget(m_pages, 1);

    // Connections
    auto* connections = new QWidget(m_pages);
    auto* connectionsLayout = new QVBoxLayout(connections);
    connectionsLayout->setContentsMargins(24, 20, 24, 12);
    connectionsLayout->setSpacing(10);
    m_connectionsTitle = titleLabel(connections);
    connectionsLayout->addWidget(m_connectionsTitle);
    m_connectionsHint = new QLabel(connections);
    m_connectionsHint->setProperty("role", u"muted"_s);
    m_connectionsHint->setWordWrap(true);
    connectionsLayout->addWidget(m_connectionsHint);

    auto* editor = new QHBoxLayout;
    editor->setSpacing(16);
    auto* listColumn = new QVBoxLayout;
    m_list = new QListWidget(connections);
    m_list->setObjectName(u"profileList"_s);
    m_list->setFixedWidth(200);
    listColumn->addWidget(m_list, 1);
    auto* listButtons = new QHBoxLayout;
    m_add = new QPushButton(connections);
    m_add->setObjectName(u"addProfileButton"_s);
    m_remove = new QPushButton(connections);
    m_remove->setObjectName(u"removeProfileButton"_s);
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_remove);
    listColumn->addLayout(listButtons);
    editor->addLayout(listColumn);

    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    form->setVerticalSpacing(10);
    form->setHorizontalSpacing(14);
    m_nameLabel = new QLabel(connections);
    m_name = new QLineEdit(connections);
    m_name->setObjectName(u"profileNameEdit"_s);
    m_hostLabel = new QLabel(connections);
    m_host = new QLineEdit(connections);
    m_host->setObjectName(u"profileHostEdit"_s);
    m_portLabel = new QLabel(connections);
    m_port = new QSpinBox(connections);
    m_port->setObjectName(u"profilePortSpin"_s);
    m_port->setRange(1, 65535);
    m_port->setGroupSeparatorShown(false);
    m_port->setMinimumWidth(110);
    m_caLabel = new QLabel(connections);
    m_ca = new QLineEdit(connections);
    m_ca->setObjectName(u"profileCaEdit"_s);
    m_browse = new QPushButton(connections);
    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_ca, 1);
    caRow->addWidget(m_browse);
    form->addRow(m_nameLabel, m_name);
    form->addRow(m_hostLabel, m_host);
    form->addRow(m_portLabel, m_port);
    form->addRow(m_caLabel, caRow);
    centerFormLabels(form);
    auto* formColumn = new QVBoxLayout;
    formColumn->addLayout(form);
    m_problem = new QLabel(connections);
    m_problem->setProperty("role", u"warning"_s);
    m_problem->setWordWrap(true);
    formColumn->addWidget(m_problem);
    formColumn->addStretch(1);
    editor->addLayout(formColumn, 1);
    connectionsLayout->addLayout(editor, 1);
    m_connectedNote = new QLabel(connections);
    m_connectedNote->setProperty("role", u"muted"_s);
    m_connectedNote->setWordWrap(true);
    m_connectedNote->hide();
    connectionsLayout->addWidget(m_connectedNote);
    m_pages->addWidget(connections);

    // Appearance
    auto* appearance = new QWidget(m_pages);
    auto* appearanceLayout = new QVBoxLayout(appearance);
    appearanceLayout->setContentsMargins(24, 20, 24, 12);
    appearanceLayout->setSpacing(10);
    m_appearanceTitle = titleLabel(appearance);
    appearanceLayout->addWidget(m_appearanceTitle);
    auto* appearanceForm = new QFormLayout;
    appearanceForm->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    appearanceForm->setVerticalSpacing(10);
    appearanceForm->setHorizontalSpacing(14);
    m_themeLabel = new QLabel(appearance);
    m_themeCombo = new QComboBox(appearance);
    m_themeCombo->setObjectName(u"themeCombo"_s);
    for (const QString& name : ThemeManager::available())
        m_themeCombo->addItem(QString(), name);
    m_languageLabel = new QLabel(appearance);
    m_languageCombo = new QComboBox(appearance);
    m_languageCombo->setObjectName(u"languageCombo"_s);
    for (const auto& entry : LanguageManager::available())
        m_languageCombo->addItem(entry.nativeName, entry.code);
    appearanceForm->addRow(m_themeLabel, m_themeCombo);
    appearanceForm->addRow(m_languageLabel, m_languageCombo);
    centerFormLabels(appearanceForm);
    appearanceLayout->addLayout(appearanceForm);
    appearanceLayout->addStretch(1);
    m_pages->addWidget(appearance);

    // Footer
    auto* footer = new QFrame(this);
    footer->setProperty("role", u"footer"_s);
    auto* footerLayout = new QHBoxLayout(footer);
    footerLayout->setContentsMargins(24, 10, 16, 12);
    m_error = new QLabel(footer);
    m_error->setObjectName(u"settingsError"_s);
    m_error->setProperty("role", u"error"_s);
    m_error->setWordWrap(true);
    footerLayout->addWidget(m_error, 1);
    m_buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Apply, footer);
    QPushButton* okButton = m_buttons->button(QDialogButtonBox::Ok);
    okButton->setProperty("accent", true);
    // The button box polished its buttons while laying them out; restyle with the property.
    repolish(okButton);
    footerLayout->addWidget(m_buttons);
    root->addWidget(footer);

    m_themeCombo->setCurrentIndex(m_themeCombo->findData(m_theme.current()));
    m_languageCombo->setCurrentIndex(m_languageCombo->findData(m_language.current()));

    connect(m_navigation, &QListWidget::currentRowChanged, m_pages,
            &QStackedWidget::setCurrentIndex);
    connect(m_list, &QListWidget::currentRowChanged, this, &SettingsDialog::loadForm);
    connect(m_add, &QPushButton::clicked, this, &SettingsDialog::addProfile);
    connect(m_remove, &QPushButton::clicked, this, &SettingsDialog::removeProfile);
    connect(m_browse, &QPushButton::clicked, this, &SettingsDialog::browseCertificate);
    connect(m_name, &QLineEdit::textChanged, this, &SettingsDialog::storeForm);
    connect(m_host, &QLineEdit::textChanged, this, &SettingsDialog::storeForm);
    connect(m_ca, &QLineEdit::textChanged, this, &SettingsDialog::storeForm);
    connect(m_port, &QSpinBox::valueChanged, this, &SettingsDialog::storeForm);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (apply())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            &SettingsDialog::apply);

    retranslateUi();
    reloadList();
    m_selectedRow = int(m_draft.indexOf(m_profiles.selected()));
    m_list->setCurrentRow(m_selectedRow >= 0 ? m_selectedRow : 0);
    m_navigation->setCurrentRow(0);
}

void SettingsDialog::showSection(Section section)
{
    m_navigation->setCurrentRow(section == Section::Connections ? 0 : 1);
}

void SettingsDialog::setConnectedNote(bool connected)
{
    m_connectedNote->setVisible(connected);
}

void SettingsDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void SettingsDialog::retranslateUi()
{
    setWindowTitle(tr("Settings"));
    m_navigation->item(0)->setText(tr("Connections"));
    m_navigation->item(1)->setText(tr("Appearance"));
    m_connectionsTitle->setText(tr("Connections"));
    m_connectionsHint->setText(tr("Each profile names a bcf-core server and the CA certificate "
                                  "that signed its TLS certificate. Choose the profile to use in "
                                  "the login dialog."));
    m_add->setText(tr("Add"));
    m_remove->setText(tr("Remove"));
    m_nameLabel->setText(tr("Name"));
    m_hostLabel->setText(tr("Host"));
    m_host->setPlaceholderText(tr("e.g. 127.0.0.1 or core.example.com"));
    m_portLabel->setText(tr("Port"));
    m_caLabel->setText(tr("CA certificate"));
    m_ca->setPlaceholderText(tr("PEM file, e.g. ca.crt"));
    m_browse->setText(tr("Browse…"));
    m_connectedNote->setText(tr("You are logged in: changes to the profile in use take effect "
                                "at your next login."));
    m_appearanceTitle->setText(tr("Appearance"));
    m_themeLabel->setText(tr("Theme"));
    for (int i = 0; i < m_themeCombo->count(); ++i)
        m_themeCombo->setItemText(
            i, ThemeManager::displayName(m_themeCombo->itemData(i).toString()));
    m_languageLabel->setText(tr("Language"));
    validate();
}

void SettingsDialog::reloadList()
{
    const QSignalBlocker blocker(m_list);
    const int row = m_list->currentRow();
    m_list->clear();
    for (const auto& profile : m_draft)
        m_list->addItem(profile.name.isEmpty() ? tr("(unnamed)") : profile.name);
    m_list->setCurrentRow(std::min<int>(row, int(m_draft.size()) - 1));
}

void SettingsDialog::loadForm(int row)
{
    m_row = row;
    const bool valid = row >= 0 && row < m_draft.size();
    for (QWidget* widget : std::initializer_list<QWidget*>{m_name, m_host, m_port, m_ca, m_browse})
        widget->setEnabled(valid);
    m_remove->setEnabled(valid && m_draft.size() > 1);
    m_loading = true;
    if (valid) {
        const auto& profile = m_draft.at(row);
        m_name->setText(profile.name);
        m_host->setText(profile.host);
        m_port->setValue(profile.port > 0 ? profile.port : ConnectionProfileStore::defaultPort);
        m_ca->setText(profile.caCertificatePath);
    } else {
        m_name->clear();
        m_host->clear();
        m_ca->clear();
    }
    m_loading = false;
    validate();
}

void SettingsDialog::storeForm()
{
    if (m_loading || m_row < 0 || m_row >= m_draft.size())
        return;
    auto& profile = m_draft[m_row];
    profile.name = m_name->text();
    profile.host = m_host->text().trimmed();
    profile.port = m_port->value();
    profile.caCertificatePath = m_ca->text().trimmed();
    if (auto* item = m_list->item(m_row))
        item->setText(profile.name.isEmpty() ? tr("(unnamed)") : profile.name);
    validate();
}

void SettingsDialog::validate()
{
    QString error;
    QSet<QString> names;
    for (const auto& profile : m_draft) {
        const QString name = profile.name.trimmed();
        if (name.isEmpty()) {
            error = tr("Every connection profile needs a name.");
            break;
        }
        if (names.contains(name)) {
            error = tr("Two connection profiles are named \"%1\".").arg(name);
            break;
        }
        if (profile.host.isEmpty()) {
            error = tr("The connection profile \"%1\" needs a host.").arg(name);
            break;
        }
        if (const QString problem = ConnectionProfile::hostProblem(profile.host, name);
            !problem.isEmpty()) {
            error = problem;
            break;
        }
        names.insert(name);
    }
    m_error->setText(error);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(error.isEmpty());

    // The current profile's own problem (e.g. an unreadable CA file) is a warning, not a
    // blocker: the file may be created later.
    const bool valid = m_row >= 0 && m_row < m_draft.size();
    m_problem->setText(valid ? m_draft.at(m_row).problem() : QString());
    m_problem->setVisible(!m_problem->text().isEmpty());
}

void SettingsDialog::addProfile()
{
    QString name = tr("New profile");
    for (int n = 2; std::any_of(m_draft.cbegin(), m_draft.cend(),
                                [&name](const auto& p) { return p.name == name; });
         ++n) {
        name = tr("New profile %1").arg(n);
    }
    m_draft.append(ConnectionProfile{
        .name = name, .host = u"127.0.0.1"_s, .port = ConnectionProfileStore::defaultPort,
        .caCertificatePath = {}});
    reloadList();
    m_list->setCurrentRow(int(m_draft.size()) - 1);
    m_name->setFocus();
    m_name->selectAll();
}

void SettingsDialog::removeProfile()
{
    if (m_row < 0 || m_row >= m_draft.size() || m_draft.size() <= 1)
        return;
    m_draft.removeAt(m_row);
    if (m_selectedRow == m_row)
        m_selectedRow = -1; // the store selects the first profile
    else if (m_selectedRow > m_row)
        --m_selectedRow;
    reloadList();
    loadForm(m_list->currentRow());
}

void SettingsDialog::browseCertificate()
{
    const QString start = m_ca->text().isEmpty() ? QString() : QFileInfo(m_ca->text()).path();
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Choose the CA certificate"), start,
        tr("Certificates (*.crt *.pem *.cer);;All files (*)"));
    if (!file.isEmpty())
        m_ca->setText(file);
}

bool SettingsDialog::apply()
{
    validate();
    if (!m_error->text().isEmpty())
        return false;
    const bool tracked = m_selectedRow >= 0 && m_selectedRow < m_draft.size();
    m_profiles.setProfiles(m_draft,
                           tracked ? m_draft.at(m_selectedRow).name.trimmed() : QString());
    m_draft = m_profiles.profiles();
    m_selectedRow = int(m_draft.indexOf(m_profiles.selected()));
    // The store trims names and hosts: show what it kept.
    reloadList();
    loadForm(m_list->currentRow());
    m_theme.setTheme(m_themeCombo->currentData().toString());
    m_language.setLanguage(m_languageCombo->currentData().toString());
    return true;
}

} // namespace bcf::app
