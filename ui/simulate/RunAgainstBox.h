#pragma once

#include "simulate/SimulationRun.h"

#include <QComboBox>
#include <QUrl>

namespace tokenscope {

// The Simulate workspace's "Run against" picker: the in-memory model (the default), a mock issuer started on
// 127.0.0.1 for each run (alone, or with a live lab: real resource servers behind HAProxy and a Redis of their own),
// or the mock issuer running in the Issuer workspace. The last is offered only while that
// issuer runs; when it stops under this choice, the picker falls back to the model and says so with chosen().
class RunAgainstBox : public QComboBox
{
    Q_OBJECT
public:
    // In the order shown.
    enum class Choice { Model, LocalIssuer, LocalIssuerOnLab, IssuerWorkspace };

    explicit RunAgainstBox(QWidget *parent = nullptr);

    [[nodiscard]] Choice choice() const;
    // Selects `choice` without emitting chosen(); false when it was already selected or is not available.
    bool setChoice(Choice choice);
    [[nodiscard]] bool isAvailable(Choice choice) const;
    // Where the Issuer workspace's mock issuer listens; empty while it is stopped.
    void setWorkspaceIssuerUrl(const QUrl &url);
    // What a run started now goes to.
    [[nodiscard]] RunTarget target() const;

signals:
    // The user picked a choice, or the picker fell back to the model.
    void chosen();

private:
    QUrl m_workspaceIssuerUrl;
};

} // namespace tokenscope
