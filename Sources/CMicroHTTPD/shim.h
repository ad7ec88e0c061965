#ifndef CMICROHTTPD_SHIM_H
#define CMICROHTTPD_SHIM_H

#include <stdint.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>
#include <microhttpd.h>

// MHD_start_daemon, MHD_get_daemon_info and MHD_get_connection_info are C-variadic,
// which Swift cannot call; these wrappers give them fixed signatures.

struct cmhd_daemon_options {
  unsigned int flags;
  const struct sockaddr *bind_address;   // sockaddr_in; only needs to live for the start call
  unsigned int thread_pool_size;         // <= 1 means no pool (the internal thread does everything)
  unsigned int connection_limit;
  unsigned int connection_timeout;       // seconds, 0 = none
  MHD_AccessHandlerCallback access_handler;
  void *access_cls;
  MHD_RequestCompletedCallback completed;
  void *completed_cls;
  MHD_LogCallback logger;
  void *logger_cls;
};

// Leaves the URL and query arguments percent-encoded, so the access handler sees the path as sent
// (MHD still splits the arguments and turns '+' into ' '); Swift does the decoding.
static inline size_t cmhd_unescape_nothing(void *cls, struct MHD_Connection *connection, char *s) {
  (void) cls;
  (void) connection;
  return strlen(s);
}

static inline struct MHD_Daemon *cmhd_start_daemon(const struct cmhd_daemon_options *o) {
  // MHD_OPTION_ARRAY lets the pool option be present or absent without duplicating the call.
  struct MHD_OptionItem pool[] = {
    { MHD_OPTION_THREAD_POOL_SIZE, (intptr_t) o->thread_pool_size, NULL },
    { MHD_OPTION_END, 0, NULL },
  };
  // The logger goes first so that errors while parsing the later options reach it.
  return MHD_start_daemon(o->flags, 0, NULL, NULL, o->access_handler, o->access_cls,
                          MHD_OPTION_EXTERNAL_LOGGER, o->logger, o->logger_cls,
                          MHD_OPTION_SOCK_ADDR, o->bind_address,
                          MHD_OPTION_CONNECTION_LIMIT, o->connection_limit,
                          MHD_OPTION_CONNECTION_TIMEOUT, o->connection_timeout,
                          MHD_OPTION_NOTIFY_COMPLETED, o->completed, o->completed_cls,
                          MHD_OPTION_UNESCAPE_CALLBACK, cmhd_unescape_nothing, NULL,
                          MHD_OPTION_ARRAY, o->thread_pool_size > 1 ? pool : pool + 1,
                          MHD_OPTION_END);
}

static inline uint16_t cmhd_daemon_bind_port(struct MHD_Daemon *daemon) {
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  return info ? info->port : 0;
}

// Writes the client IP as text into buf (at least INET6_ADDRSTRLEN bytes). Returns 1 on success.
static inline int cmhd_connection_client_address(struct MHD_Connection *connection, char *buf, size_t len) {
  const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == NULL || info->client_addr == NULL) return 0;
  const struct sockaddr *sa = info->client_addr;
  if (sa->sa_family == AF_INET && len >= INET_ADDRSTRLEN) {
    // inet_ntop formats IPv4 through sprintf, which showed up at ~2% of CPU in a /health benchmark.
    const unsigned char *octets = (const unsigned char *) &((const struct sockaddr_in *) sa)->sin_addr;
    char *p = buf;
    for (int i = 0; i < 4; i++) {
      unsigned v = octets[i];
      if (v >= 100) *p++ = (char) ('0' + v / 100);
      if (v >= 10) *p++ = (char) ('0' + v / 10 % 10);
      *p++ = (char) ('0' + v % 10);
      *p++ = i < 3 ? '.' : '\0';
    }
    return 1;
  }
  if (sa->sa_family == AF_INET6)
    return inet_ntop(AF_INET6, &((const struct sockaddr_in6 *) sa)->sin6_addr, buf, (socklen_t) len) != NULL;
  return 0;
}

#endif
