# A blocking TCP echo pair with the socket module: `echo.py server PORT` answers one client and exits,
# `echo.py client PORT` sends three lines and reads each echo back.
import socket
import sys

role, port = sys.argv[1], int(sys.argv[2])
if role == 'server':
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(('127.0.0.1', port))
        s.listen(1)
        conn, peer = s.accept()
        with conn:
            while True:
                data = conn.recv(4096)
                if not data:
                    break
                conn.sendall(data)
else:
    with socket.create_connection(('127.0.0.1', port)) as c:
        for line in (b'one\n', b'two\n', b'three\n'):
            c.sendall(line)
            got = b''
            while len(got) < len(line):
                got += c.recv(4096)
            assert got == line, got
        c.shutdown(socket.SHUT_WR)
        assert c.recv(4096) == b''
