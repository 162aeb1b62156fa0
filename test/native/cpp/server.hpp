#pragma once

namespace ns {

class Server {
  public:
    int start();
    int serve_one();
    ~Server();

  private:
    int fd_ = -1;
};

}  // namespace ns
