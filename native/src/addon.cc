// The Node-API binding. start() forks a tracer process (a copy of this one that runs only C++ code from
// then on) which forks and traces the program. Events are JSON lines, on a pipe whose read end is returned
// to JavaScript or straight into an fd the caller gives (a trace file); records about the run and
// call-site questions come on a status pipe, and the answers go back on a control pipe (output.h). This process keeps only that one extra child and reaps it by pid: the tracer's
// waitpid(-1) runs where every child is a tracee (docs/ARCHITECTURE.md).
#include <napi.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "consts.h"
#include "probe.h"
#include "pty.h"
#include "syscalls.h"
#include "tracer.h"

extern volatile sig_atomic_t g_stop_requested;
extern volatile sig_atomic_t g_tick;

static void on_stop_signal(int) { g_stop_requested = 1; }
static void on_tick(int) { g_tick = 1; }

static long num(const Napi::Object &o, const char *k, long dflt) {
    Napi::Value v = o.Get(k);
    return v.IsNumber() ? (long)v.As<Napi::Number>().Int64Value() : dflt;
}

static std::vector<std::string> strings(const Napi::Value &v) {
    std::vector<std::string> out;
    if (!v.IsArray()) return out;
    Napi::Array a = v.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); i++) out.push_back(a.Get(i).ToString().Utf8Value());
    return out;
}

static Options parse(const Napi::Env &env, const Napi::Object &o) {
    Options opt;
    opt.argv = strings(o.Get("argv"));
    if (opt.argv.empty()) throw Napi::TypeError::New(env, "argv must be a non-empty array");
    opt.env = strings(o.Get("env"));
    if (o.Get("cwd").IsString()) opt.cwd = o.Get("cwd").ToString().Utf8Value();
    opt.payload = (int)num(o, "payload", 256);
    if (opt.payload < 0 || opt.payload > 65536) throw Napi::RangeError::New(env, "payload must be 0..65536");
    opt.sites = !o.Get("sites").IsBoolean() || o.Get("sites").ToBoolean();
    opt.blocked = o.Get("blocked").ToBoolean();
    if (o.Get("limits").IsObject()) {
        Napi::Object l = o.Get("limits").As<Napi::Object>();
        opt.limits.wall_ms = num(l, "wallMs", 0);
        opt.limits.cpu_s = num(l, "cpuSeconds", 0);
        opt.limits.mem_bytes = num(l, "memoryBytes", 0);
        opt.limits.procs = num(l, "processes", 0);
        opt.limits.file_bytes = num(l, "fileBytes", 0);
    }
    if (o.Get("inject").IsArray()) {
        Napi::Array a = o.Get("inject").As<Napi::Array>();
        for (uint32_t i = 0; i < a.Length(); i++) {
            Napi::Object r = a.Get(i).As<Napi::Object>();
            Inject in;
            std::string name = r.Get("name").ToString().Utf8Value();
            const SyscallSpec *s = syscall_by_name(name.c_str());
            if (!s) throw Napi::Error::New(env, "cannot inject into " + name + ": not a traced syscall");
            in.nr = s->nr;
            if (r.Get("error").IsString()) {
                std::string e = r.Get("error").ToString().Utf8Value();
                in.error = errno_value(e.c_str());
                if (in.error < 0) throw Napi::Error::New(env, "unknown errno " + e);
            }
            in.short_len = num(r, "short", -1);
            in.first = num(r, "first", 1);
            in.last = num(r, "last", in.last);
            in.step = num(r, "step", 1);
            if (in.step < 1) in.step = 1;
            opt.injects.push_back(in);
        }
    }
    return opt;
}

// The tracer's own fds: events, status, control (in that order) become 3, 4, 5.
[[noreturn]] static void tracer_main(Options &opt, const int *own, const int *stdio, pid_t parent) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // if the host dies, so does the tracer, and EXITKILL ends the tracees
    prctl(PR_SET_NAME, "socklab-tracer");  // what ps and top show for it
    if (getppid() != parent) _exit(1);
    int moved[3];
    for (int i = 0; i < 3; i++) moved[i] = fcntl(own[i], F_DUPFD_CLOEXEC, 10);  // out of the way of stdio
    for (int i = 0; i < 3; i++)
        if (stdio[i] >= 0) dup2(stdio[i], i);
    for (int i = 0; i < 3; i++) {
        dup2(moved[i], 3 + i);
        fcntl(3 + i, F_SETFD, FD_CLOEXEC);
    }
    syscall(SYS_close_range, 6, ~0U, 0);
    fcntl(5, F_SETFL, O_NONBLOCK);
    opt.event_fd = 3;
    opt.status_fd = 4;
    opt.control_fd = 5;
    for (int s = 1; s < 65; s++)
        if (s != SIGKILL && s != SIGSTOP) signal(s, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;  // no SA_RESTART: waitpid returns EINTR and the loop looks
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGHUP, &sa, nullptr);
    sa.sa_handler = on_tick;
    sigaction(SIGALRM, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);
    struct itimerval it = {{0, 100000}, {0, 100000}};
    setitimer(ITIMER_REAL, &it, nullptr);
    Tracer t(opt);
    _exit(t.run());
}

static void make_pipe(const Napi::Env &env, int fds[2]) {
    if (pipe2(fds, O_CLOEXEC) < 0) throw Napi::Error::New(env, std::string("pipe: ") + strerror(errno));
}

// start({argv, env?, cwd?, payload?, sites?, inject?, limits?, pipes?, terminal?: {cols, rows}, out?})
//   -> {pid, fd?, status, control, stdin?, stdout?, stderr?, terminal?}
static Napi::Value Start(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!info[0].IsObject()) throw Napi::TypeError::New(env, "start takes an options object");
    Napi::Object o = info[0].As<Napi::Object>();
    Options opt = parse(env, o);
    bool pipes = o.Get("pipes").ToBoolean();
    int out = o.Get("out").IsNumber() ? o.Get("out").As<Napi::Number>().Int32Value() : -1;
    if (o.Get("out").IsNumber() && fcntl(out, F_GETFD) < 0) throw Napi::Error::New(env, "out is not an open fd");
    int ev[2] = {-1, -1}, status[2], control[2], io[3][2] = {{-1, -1}, {-1, -1}, {-1, -1}};
    if (out < 0) {
        make_pipe(env, ev);
        // a roomy pipe: the tracer rarely waits for the reader, so the tracees rarely wait for the tracer
        fcntl(ev[1], F_SETPIPE_SZ, 1 << 20);
    }
    make_pipe(env, status);
    make_pipe(env, control);
    int stdio[3] = {-1, -1, -1};
    int master = -1, slave = -1;
    if (o.Get("terminal").IsObject()) {
        Napi::Object t = o.Get("terminal").As<Napi::Object>();
        int err = open_pty((int)num(t, "cols", 80), (int)num(t, "rows", 24), &master, &slave);
        if (err) throw Napi::Error::New(env, std::string("openpt: ") + strerror(err));
        opt.terminal = true;
        for (int i = 0; i < 3; i++) stdio[i] = slave;
    } else if (pipes) {
        for (int i = 0; i < 3; i++) {
            if (pipe2(io[i], O_CLOEXEC) < 0) throw Napi::Error::New(env, std::string("pipe: ") + strerror(errno));
            stdio[i] = i == 0 ? io[i][0] : io[i][1];
        }
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) throw Napi::Error::New(env, std::string("fork: ") + strerror(errno));
    if (pid == 0) {
        int own[3] = {out >= 0 ? out : ev[1], status[1], control[0]};
        tracer_main(opt, own, stdio, parent);
    }
    if (out < 0) close(ev[1]);
    if (slave >= 0) close(slave);
    close(status[1]);
    close(control[0]);
    Napi::Object r = Napi::Object::New(env);
    r.Set("pid", pid);
    if (out < 0) r.Set("fd", ev[0]);
    r.Set("status", status[0]);
    r.Set("control", control[1]);
    if (master >= 0) r.Set("terminal", master);
    else if (pipes) {
        close(io[0][0]);
        close(io[1][1]);
        close(io[2][1]);
        r.Set("stdin", io[0][1]);
        r.Set("stdout", io[1][0]);
        r.Set("stderr", io[2][0]);
    }
    return r;
}

// reap(pid) -> {code, signal} of the tracer process (code 128+N and signal N when signal N killed it, signal 0
// otherwise), or null if it is still running (never blocks)
static Napi::Value Reap(const Napi::CallbackInfo &info) {
    pid_t pid = info[0].As<Napi::Number>().Int32Value();
    int st;
    pid_t r = waitpid(pid, &st, WNOHANG);
    if (r == 0) return info.Env().Null();
    Napi::Object o = Napi::Object::New(info.Env());
    bool killed = r > 0 && WIFSIGNALED(st);
    o.Set("code", r < 0 ? -1 : killed ? 128 + WTERMSIG(st) : WEXITSTATUS(st));
    o.Set("signal", killed ? WTERMSIG(st) : 0);
    return o;
}

// signal(pid, sig): only ever the tracer process this module started
static Napi::Value Signal(const Napi::CallbackInfo &info) {
    pid_t pid = info[0].As<Napi::Number>().Int32Value();
    int sig = info[1].As<Napi::Number>().Int32Value();
    return Napi::Boolean::New(info.Env(), kill(pid, sig) == 0);
}

// resize(masterFd, cols, rows): the program's terminal size (it gets SIGWINCH)
static Napi::Value Resize(const Napi::CallbackInfo &info) {
    int fd = info[0].As<Napi::Number>().Int32Value();
    int err = resize_pty(fd, info[1].As<Napi::Number>().Int32Value(), info[2].As<Napi::Number>().Int32Value());
    return Napi::Boolean::New(info.Env(), err == 0);
}

// constants() -> {table: {NAME: value}}, for the test that checks them against the C headers
static Napi::Value Constants(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    Napi::Object out = Napi::Object::New(env);
    int n;
    const ConstTable *t = const_tables(&n);
    for (int i = 0; i < n; i++) {
        Napi::Object tab = Napi::Object::New(env);
        for (int k = 0; k < t[i].count; k++) tab.Set(t[i].items[k].name, Napi::Number::New(env, t[i].items[k].value));
        out.Set(t[i].id, tab);
    }
    return out;
}

// syscallTable() -> [{nr, name, roles, args, fdArg, lengthArg, iovecCut}]: the traced calls, for the test that checks the
// generated common/syscall-table.ts against them
static Napi::Value SyscallTable(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    static const struct { int flag; const char *name; } roles[] = {
        {SF_ON_SOCKET, "onSocket"}, {SF_NEW_FD, "newFd"}, {SF_SEND, "send"},
        {SF_RECV, "recv"}, {SF_WAIT, "wait"}, {SF_MAKES_SOCKET, "makesSocket"}, {SF_BLOCKS, "blocks"},
    };
    int n = syscall_count();
    Napi::Array out = Napi::Array::New(env, n);
    for (int i = 0; i < n; i++) {
        const SyscallSpec *s = syscall_at(i);
        Napi::Object o = Napi::Object::New(env);
        o.Set("nr", s->nr);
        o.Set("name", s->name);
        Napi::Array r = Napi::Array::New(env);
        for (const auto &role : roles)
            if (s->flags & role.flag) r.Set(r.Length(), role.name);
        o.Set("roles", r);
        Napi::Array a = Napi::Array::New(env, s->nargs);
        for (int k = 0; k < s->nargs; k++) a.Set(k, s->args[k].name);
        o.Set("args", a);
        o.Set("fdArg", fd_arg(s));
        o.Set("lengthArg", length_arg(s));
        o.Set("iovecCut", iovec_cut(s));
        out.Set(i, o);
    }
    return out;
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
    exports.Set("start", Napi::Function::New(env, Start));
    exports.Set("reap", Napi::Function::New(env, Reap));
    exports.Set("signal", Napi::Function::New(env, Signal));
    exports.Set("resize", Napi::Function::New(env, Resize));
    exports.Set("constants", Napi::Function::New(env, Constants));
    exports.Set("probe", Napi::Function::New(env, Probe));
    exports.Set("syscallTable", Napi::Function::New(env, SyscallTable));
    return exports;
}

NODE_API_MODULE(socklab, Init)
