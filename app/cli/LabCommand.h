#pragma once

#include <QStringList>

namespace tokenscope::cli {
// tokenscope-cli lab serve --mode MODE [--servers N] [--routing round_robin|sticky] [--store shared|per-server]
//                         [--redis URL] [--issuer URL] [--leeway S] [--jwks-cache-age S] [--introspection-cache-ttl S]
//                         [--store-timeout MS] [--revocation-poll MS] [--port N] [--control-port N]
int runLab(const QStringList &arguments);
} // namespace tokenscope::cli
