#pragma once

namespace tokenscope::cli {

// For the serving commands (issuer serve, lab serve): SIGINT and SIGTERM quit the Qt event loop instead of killing
// the process, so servers close their sockets, stop the processes they started and close their databases.
// Returns false when the signal handling cannot be set up. Call once, before QCoreApplication::exec().
[[nodiscard]] bool quitOnTerminationSignals();

} // namespace tokenscope::cli
