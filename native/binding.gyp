{
  "targets": [
    {
      "target_name": "socklab",
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra", "-Wno-missing-field-initializers"],
      "cflags_cc!": ["-fno-exceptions"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "conditions": [
        ["OS=='linux' and target_arch=='x64'", {
          "sources": [
            "src/addon.cc", "src/consts.cc", "src/json.cc", "src/mem.cc", "src/syscalls.cc",
            "src/decode.cc", "src/decode_addr.cc", "src/decode_msg.cc", "src/decode_sockopt.cc",
            "src/seccomp.cc", "src/sites.cc", "src/plt.cc", "src/sockets.cc", "src/sockets_nofd.cc", "src/sockdiag.cc", "src/fdtrack.cc", "src/stops.cc",
            "src/tracer.cc", "src/launch.cc", "src/output.cc", "src/probe.cc", "src/pty.cc"
          ]
        }, {
          "sources": ["src/unsupported.cc"]
        }]
      ]
    }
  ]
}
