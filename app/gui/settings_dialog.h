#pragma once

#include "core/connection_profile.h"

#include <QDialog>
#include <QList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace bcf::app {

class ConnectionProfileStore;
class LanguageManager;
class ThemeManager;

// File → Settings…: connection profiles (add, remove, edit name, host, port and CA
// certificate with a file picker) and appearance (theme, language). OK and Apply store and
// apply everything at once (theme and language switch live); Cancel leaves everything as it
// was. Profiles with an empty or duplicate name, or a host that is neither a host name nor an
// IP address, block OK with an explanation.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    enum class Section { Connections, Appearance };

    SettingsDialog(ConnectionProfileStore& profiles, ThemeManager& theme,
                   LanguageManager& language, QWidget* parent = nullptr);

    void showSection(Section section);
    // Shown under the profiles when a session is open: edits apply at the next login.
    void setConnectedNote(bool connected);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void reloadList();
    void loadForm(int row);
    void storeForm();
    void validate();
    void addProfile();
    void removeProfile();
    void browseCertificate();
    bool apply();

    ConnectionProfileStore& m_profiles;
    ThemeManager& m_theme;
    LanguageManager& m_language;
    QList<ConnectionProfile> m_draft;
    // The row in m_draft of the store's selected profile (renaming it keeps it selected).
    int m_selectedRow = -1;
    int m_row = -1;
    bool m_loading = false;

    QListWidget* m_navigation = nullptr;
    QStackedWidget* m_pages = nullptr;

    QLabel* m_connectionsTitle = nullptr;
    QLabel* m_connectionsHint = nullptr;
    QListWidget* m_list = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QLabel* m_nameLabel = nullptr;
    QLineEdit* m_name = nullptr;
    QLabel* m_hostLabel = nullptr;
    QLineEdit* m_host = nullptr;
    QLabel* m_portLabel = nullptr;
    QSpinBox* m_port = nullptr;
    QLabel* m_caLabel = nullptr;
    QLineEdit* m_ca = nullptr;
    QPushButton* m_browse = nullptr;
    QLabel* m_problem = nullptr;
    QLabel* m_connectedNote = nullptr;

    QLabel* m_appearanceTitle = nullptr;
    QLabel* m_themeLabel = nullptr;
    QComboBox* m_themeCombo = nullptr;
    QLabel* m_languageLabel = nullptr;
    QComboBox* m_languageCombo = nullptr;

    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace bcf::app
