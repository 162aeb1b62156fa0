#pragma once

// The return addresses found on a call's stack, innermost first (ELF addresses). The first whose answer is a
// site is the call's site: the reader answers null for code that is not the program's own (a library linked
// into the program, like Rust's std or a static libc), so the call is shown at the user's line that led to it.
const int SITE_CHAIN = 16;
struct SiteChain {
    unsigned long pc[SITE_CHAIN];
    int n = 0;
};
