#pragma once

namespace tokenscope {

// How much a message asks of the user: a note (a token shown shortened, a report saved), something to look at (no
// token in what was pasted), or a failure (a file that cannot be opened, a request the issuer refused).
enum class MessageKind { Info, Warning, Error };

} // namespace tokenscope
