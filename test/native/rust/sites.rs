// Call sites of a Rust program: every socket call goes through std (whose own frames are passed over), and is
// reported at the line of this file marked with its name.
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};

fn serve(l: &TcpListener) -> TcpStream {
    let (s, _) = l.accept().unwrap(); // @site accept
    s
}

fn main() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap(); // @site bind
    let a = l.local_addr().unwrap();
    let mut c = TcpStream::connect(a).unwrap(); // @site connect
    let mut s = serve(&l);
    c.write_all(b"hello").unwrap(); // @site write
    let mut buf = [0u8; 5];
    s.read_exact(&mut buf).unwrap(); // @site read
    let u = UdpSocket::bind("127.0.0.1:0").unwrap(); // @site udp
    u.send_to(b"x", u.local_addr().unwrap()).unwrap(); // @site send_to
}
