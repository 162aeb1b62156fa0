// The tracer's output and its call-site cache (see output.h).
#include "output.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>

extern volatile sig_atomic_t g_stop_requested;
void (*g_on_stop)() = nullptr;

// Past this, the tracer stops tracing until the reader has answered (tracees wait on their next stop).
static const size_t HELD_MAX = 16 << 20;

static bool write_all(int fd, const std::string &s) {
    size_t off = 0;
    while (off < s.size()) {
        ssize_t n = write(fd, s.data() + off, s.size() - off);
        if (n > 0) off += n;
        else if (n < 0 && errno == EINTR) {
            // Stop while the reader is slow: end the program now, not once this write is through
            if (g_stop_requested && g_on_stop) g_on_stop();
            continue;
        }
        else return false;
    }
    return true;
}

void Output::event(Json &j) {
    if (held.empty()) {
        out += j.s;
        out += '\n';
    } else {
        hold(j.s + '\n', -1, SiteChain(), 0);
    }
}

void Output::event_at(Json &j, int exe, const SiteChain &chain) {
    int at = 0;
    const std::string *site = resolve(exe, chain, &at);
    if (!site) {
        ask(exe, chain.pc[at]);
        hold(std::move(j.s), exe, chain, at);
        return;
    }
    j.s += *site;
    j.close();
    event(j);
}

void Output::status(Json &j) {
    if (status_fd < 0) return;
    j.s += '\n';
    if (!write_all(status_fd, j.s)) status_fd = -1;
}

int Output::exe_id(const std::string &path) {
    auto it = exe_ids.find(path);
    if (it != exe_ids.end()) return it->second;
    int id = (int)exes.size();
    exes.push_back(path);
    exe_ids[path] = id;
    sites.emplace_back();
    asked.emplace_back();
    return id;
}

bool Output::flush() {
    bool ok = event_fd >= 0 && write_all(event_fd, out);
    if (!ok) event_fd = -1;
    out.clear();
    return ok;
}

const std::string *Output::known(int exe, unsigned long pc) const {
    static const std::string none;
    if (exe < 0 || exe >= (int)sites.size() || !answers_open) return &none;
    auto it = sites[exe].find(pc);
    return it == sites[exe].end() ? nullptr : &it->second;
}

// The site of the first candidate that has one, "" when none has; nullptr while candidate *at is unknown.
const std::string *Output::resolve(int exe, const SiteChain &chain, int *at) const {
    static const std::string none;
    for (; *at < chain.n; ++*at) {
        const std::string *s = known(exe, chain.pc[*at]);
        if (!s || !s->empty()) return s;
    }
    return &none;
}

bool Output::settled(int exe, unsigned long pc) const {
    const std::string *s = known(exe, pc);
    return s && (!s->empty() || !answers_open);
}

void Output::ask(int exe, unsigned long pc) {
    if (!asked[exe].insert(pc).second) return;
    Json q;
    q.open();
    q.kstr("type", "site");
    q.kv("exe", exe);
    q.kstr("path", exes[exe]);
    q.kv("pc", (long long)pc);
    q.close();
    status(q);
    if (status_fd < 0) answers_open = false;  // nobody to ask: events go without sites
}

void Output::hold(std::string text, int exe, const SiteChain &chain, int at) {
    held_bytes += text.size();
    held.push_back({std::move(text), exe, chain, at});
    if (held_bytes > HELD_MAX) read_answers(true);
}

// Moves the events at the front whose sites are known to the output.
void Output::release() {
    while (!held.empty()) {
        Held &h = held.front();
        held_bytes -= h.text.size();
        if (h.exe >= 0) {
            const std::string *site = resolve(h.exe, h.chain, &h.at);
            if (!site) {
                ask(h.exe, h.chain.pc[h.at]);  // the one before it was passed over
                held_bytes += h.text.size();
                return;
            }
            h.text += *site;
            h.text += "}\n";
        }
        out += h.text;
        held.pop_front();
    }
}

// "EXE PC JSON": the site of that address as JSON ({file, line, function}), or null.
void Output::take(const std::string &line) {
    char *end;
    long exe = strtol(line.c_str(), &end, 10);
    unsigned long pc = strtoul(end, &end, 10);
    if (*end != ' ' || exe < 0 || exe >= (long)sites.size()) return;
    std::string json(end + 1);
    sites[exe][pc] = json.empty() || json[0] != '{' ? std::string() : ",\"site\":" + json;
}

void Output::read_answers(bool wait) {
    while (answers_open && control_fd >= 0) {
        char buf[4096];
        ssize_t n = read(control_fd, buf, sizeof buf);
        if (n > 0) {
            answers.append(buf, n);
            size_t nl;
            while ((nl = answers.find('\n')) != std::string::npos) {
                take(answers.substr(0, nl));
                answers.erase(0, nl + 1);
            }
            release();
            if (held.empty()) return;
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            answers_open = false;  // the reader is gone: what still waits goes out without a site
            break;
        }
        if (!wait) return;
        struct pollfd p = {control_fd, POLLIN, 0};
        if (poll(&p, 1, -1) < 0 && errno == EINTR) return;  // a signal: the loop looks at it, then asks again
    }
    release();
}
