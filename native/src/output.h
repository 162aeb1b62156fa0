// Where the tracer's lines go. Events go to the event fd: the reader's pipe, or the file a trace is written
// to directly. Records about the run (errors, limits, the end) and call-site questions go to the status fd;
// the answers come back on the control fd. The tracer only knows a call's return address; the reader turns
// each address into file:line once and answers, and the answer is kept here, so an event is written
// complete and nobody has to touch it again. An event whose site is still being asked for waits, and so do
// all events after it, so their order holds.
#pragma once
#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "json.h"
#include "site_chain.h"

class Output {
  public:
    int event_fd = -1, status_fd = -1, control_fd = -1;

    // A complete event (j closed).
    void event(Json &j);
    // A syscall event not closed yet, whose call is at one of `chain` in executable `exe`: adds its site and
    // closes it.
    void event_at(Json &j, int exe, const SiteChain &chain);
    // Is pc known to be a site (or will no answers come)? Then the stack scan need not look further.
    bool settled(int exe, unsigned long pc) const;
    // A record about the run, written at once.
    void status(Json &j);
    // The id of an executable, by path, for event_at.
    int exe_id(const std::string &path);
    const std::string &exe_path(int id) const { return exes[id]; }
    // Writes the events that are ready; false once the event reader has gone.
    bool flush();
    // Reads answers to site questions. wait: until no event waits any more (or the answers end).
    void read_answers(bool wait);
    bool waiting() const { return !held.empty(); }
    // Enough is ready to be worth a write.
    bool full() const { return out.size() >= (1 << 16); }

  private:
    struct Held {
        std::string text;  // the event; without its closing brace while its site is unknown
        int exe;           // -1 once complete
        SiteChain chain;
        int at;            // the first candidate not known to be passed over
    };
    std::string out;
    std::deque<Held> held;
    size_t held_bytes = 0;
    std::vector<std::string> exes;
    std::unordered_map<std::string, int> exe_ids;
    std::vector<std::unordered_map<unsigned long, std::string>> sites;  // per exe: pc -> `,"site":{...}` or ""
    std::vector<std::unordered_set<unsigned long>> asked;
    std::string answers;  // a partly read line from the control fd
    bool answers_open = true;

    const std::string *known(int exe, unsigned long pc) const;
    const std::string *resolve(int exe, const SiteChain &chain, int *at) const;
    void ask(int exe, unsigned long pc);
    void hold(std::string text, int exe, const SiteChain &chain, int at);
    void release();
    void take(const std::string &line);
};
