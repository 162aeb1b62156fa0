// Constant tables: every number the decoder turns into a name, written out by hand so that a test can check
// them against the system headers (test/native/constants.test.ts).
#pragma once
#include <cstdint>
#include <string>

struct ConstEntry {
    const char *name;
    long value;
};

struct ConstTable {
    const char *id;          // table name, e.g. "family"
    const ConstEntry *items;
    int count;
    bool flags;              // a bit set (joined by '|') rather than one value
};

// Look up one table by id; nullptr if unknown.
const ConstTable *const_table(const char *id);
// All tables, for the constants test.
const ConstTable *const_tables(int *count);

// The name of v in table id, or "" when v is not in it.
const char *const_name(const char *id, long v);
// v as a JSON value: the quoted name, "A|B|0x40" for flag sets, or the bare number when unknown.
std::string const_json(const char *id, long v);
// Same, as plain text for messages.
std::string const_text(const char *id, long v);

const char *errno_name(int e);   // "ECONNREFUSED", or "" if unknown
int errno_value(const char *name);  // -1 if unknown
const char *signal_name(int s);  // "SIGPIPE", or "" if unknown
