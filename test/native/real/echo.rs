// A std::net TCP echo pair: `echo server PORT` answers one client and exits, `echo client PORT` sends three
// lines and reads each echo back.
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let addr = format!("127.0.0.1:{}", args[2]);
    if args[1] == "server" {
        let listener = TcpListener::bind(&addr).unwrap();
        let (mut conn, _) = listener.accept().unwrap();
        let mut buf = [0u8; 4096];
        loop {
            let n = conn.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            conn.write_all(&buf[..n]).unwrap();
        }
    } else {
        let mut c = TcpStream::connect(&addr).unwrap();
        c.set_nodelay(true).unwrap();
        for line in ["one\n", "two\n", "three\n"] {
            c.write_all(line.as_bytes()).unwrap();
            let mut got = vec![0u8; line.len()];
            c.read_exact(&mut got).unwrap();
            assert_eq!(got, line.as_bytes());
        }
        c.shutdown(Shutdown::Write).unwrap();
        let mut rest = Vec::new();
        c.read_to_end(&mut rest).unwrap();
        assert!(rest.is_empty());
    }
}
