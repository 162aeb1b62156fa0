// seccomp-BPF filters: the base filter installed before exec (socket calls always stop) and the small
// filters added later, one per batch of new socket fds, so that read/write/close stop only on sockets.
#pragma once
#include <linux/filter.h>

#include <vector>

std::vector<struct sock_filter> base_filter();
std::vector<struct sock_filter> fd_filter(const std::vector<int> &fds);
// In the child before exec: no_new_privs + the base filter. Returns 0 or an errno.
int install_base_filter();
