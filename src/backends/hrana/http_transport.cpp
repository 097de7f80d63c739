#include "backends/hrana/http_transport.hpp"

#include <algorithm>
#include <cstring>
#include <exception>

#include "libsqlstore/error.hpp"
#include "libsqlstore/version.hpp"

#include "backends/hrana/curl_library.hpp"

namespace libsqlstore::hrana {

// The handles HttpTransport::Impl owns (named, not anonymous: Impl is declared in the header).
namespace curl_handles {
struct EasyCleanup {
  void operator()(CURL* h) const noexcept { curl_library().easy_cleanup(h); }
};
struct SlistFree {
  void operator()(curl_slist* l) const noexcept { curl_library().slist_free_all(l); }
};
}  // namespace curl_handles
using EasyHandle = std::unique_ptr<CURL, curl_handles::EasyCleanup>;
using HeaderList = std::unique_ptr<curl_slist, curl_handles::SlistFree>;

namespace {

// The request body, handed to libcurl through a read callback so that libcurl cannot silently
// resend it: its automatic retry on a reused connection needs a rewind, which we refuse once any
// byte was read.
struct Upload {
  const std::string* body = nullptr;
  std::size_t offset = 0;
  bool started = false;
};

std::size_t read_body(char* buffer, std::size_t size, std::size_t nitems, void* userdata) {
  auto* up = static_cast<Upload*>(userdata);
  up->started = true;
  const std::size_t n = std::min(size * nitems, up->body->size() - up->offset);
  // A body chunk, not a C string: no terminator belongs in libcurl's buffer.
  // NOLINTNEXTLINE(bugprone-not-null-terminated-result)
  std::memcpy(buffer, up->body->data() + up->offset, n);
  up->offset += n;
  return n;
}

int seek_body(void* userdata, curl_off_t offset, int origin) {
  auto* up = static_cast<Upload*>(userdata);
  if (origin == SEEK_SET && offset == 0 && !up->started) return CURL_SEEKFUNC_OK;
  return CURL_SEEKFUNC_FAIL;
}

// The answer's body, bounded: past `limit` bytes the transfer is abandoned. With a sink, a 2xx
// body goes there instead (an exception it throws is kept and rethrown after the transfer).
struct Download {
  std::string* body;
  std::size_t limit;
  bool too_large;
  const HttpTransport::Sink* sink = nullptr;
  CURL* handle = nullptr;
  std::exception_ptr sink_failure;
};

bool successful_status(CURL* handle) {
  long status = 0;
  curl_library().easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  return status >= 200 && status < 300;
}

std::size_t write_body(char* data, std::size_t size, std::size_t nmemb, void* userdata) {
  auto* down = static_cast<Download*>(userdata);
  const std::size_t n = size * nmemb;
  if (down->sink != nullptr && successful_status(down->handle)) {
    try {
      (*down->sink)(std::string_view(data, n));
      return n;
    } catch (...) {
      down->sink_failure = std::current_exception();
      return 0;  // libcurl stops with CURLE_WRITE_ERROR
    }
  }
  if (n > down->limit - std::min(down->limit, down->body->size())) {
    down->too_large = true;
    return 0;  // libcurl stops with CURLE_WRITE_ERROR
  }
  down->body->append(data, n);
  return n;
}

// Failures where the request certainly never reached the server's HTTP layer.
bool fails_before_sending(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return true;
    default:
      return false;
  }
}

bool transient_connect_failure(CURLcode code) {
  return code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_RESOLVE_PROXY ||
         code == CURLE_COULDNT_CONNECT || code == CURLE_OPERATION_TIMEDOUT ||
         code == CURLE_SSL_CONNECT_ERROR;
}

template <class T>
void set(CURL* h, CURLoption option, T value) {
  if (curl_library().easy_setopt(h, option, value) != CURLE_OK) {
    throw ConnectionError("LIBSQL_STORE_REMOTE_CONNECTION_FAILED", ErrorCategory::System,
                          "libcurl rejected option " + std::to_string(static_cast<int>(option)));
  }
}

}  // namespace

struct HttpTransport::Impl {
  EasyHandle easy;
  HeaderList headers;
  char error[CURL_ERROR_SIZE] = {};
};

HttpTransport::HttpTransport(const Config& config)
    : impl_(std::make_unique<Impl>()), max_response_bytes_(config.max_response_bytes) {
  const CurlLibrary& curl = curl_library();  // loads libcurl on the first remote store
  impl_->easy.reset(curl.easy_init());
  if (!impl_->easy) {
    throw ConnectionError("LIBSQL_STORE_REMOTE_CONNECTION_FAILED", ErrorCategory::System,
                          "libcurl could not create a handle");
  }
  auto append = [&](const std::string& line) {
    curl_slist* next = curl.slist_append(impl_->headers.get(), line.c_str());
    if (!next) throw std::bad_alloc();
    (void)impl_->headers.release();
    impl_->headers.reset(next);
  };
  append("Content-Type: " + config.media_type);
  append("Accept: " + config.media_type);
  // An empty Expect: stops libcurl from waiting for a "100 Continue" some servers never send.
  append("Expect:");
  if (config.bearer_token && !config.bearer_token->empty())
    append("Authorization: Bearer " + *config.bearer_token);

  CURL* h = impl_->easy.get();
  set(h, CURLOPT_HTTPHEADER, impl_->headers.get());
  set(h, CURLOPT_USERAGENT, "libsqlstore/" LIBSQLSTORE_VERSION_STRING);
  set(h, CURLOPT_POST, 1L);
  set(h, CURLOPT_READFUNCTION, &read_body);
  set(h, CURLOPT_SEEKFUNCTION, &seek_body);
  set(h, CURLOPT_WRITEFUNCTION, &write_body);
  set(h, CURLOPT_ERRORBUFFER, impl_->error);
  set(h, CURLOPT_NOSIGNAL, 1L);
  set(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config.connect_timeout.count()));
  set(h, CURLOPT_TIMEOUT_MS, static_cast<long>(config.request_timeout.count()));
  set(h, CURLOPT_SSL_VERIFYPEER, config.verify_tls ? 1L : 0L);
  set(h, CURLOPT_SSL_VERIFYHOST, config.verify_tls ? 2L : 0L);
  // Never follow redirects: a redirected POST would carry the token to another place.
  set(h, CURLOPT_FOLLOWLOCATION, 0L);
  set(h, CURLOPT_PROTOCOLS_STR, "http,https");
  set(h, CURLOPT_TCP_KEEPALIVE, 1L);
  set(h, CURLOPT_ACCEPT_ENCODING, "");
}

HttpTransport::~HttpTransport() = default;

HttpResponse HttpTransport::post(const std::string& url, const std::string& body) {
  return perform(url, body, nullptr);
}

HttpResponse HttpTransport::post_streaming(const std::string& url, const std::string& body,
                                           const Sink& sink) {
  return perform(url, body, &sink);
}

HttpResponse HttpTransport::perform(const std::string& url, const std::string& body,
                                    const Sink* sink) {
  CURL* h = impl_->easy.get();
  Upload upload{&body, 0, false};
  HttpResponse response;
  Download download{&response.body, max_response_bytes_, false, sink, h, nullptr};
  impl_->error[0] = '\0';
  set(h, CURLOPT_URL, url.c_str());
  set(h, CURLOPT_READDATA, &upload);
  set(h, CURLOPT_SEEKDATA, &upload);
  set(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  set(h, CURLOPT_WRITEDATA, &download);

  const CurlLibrary& curl = curl_library();
  const CURLcode rc = curl.easy_perform(h);
  if (download.sink_failure) std::rethrow_exception(download.sink_failure);
  if (rc != CURLE_OK && download.too_large) {
    throw TransportFailure(TransportFailure::Stage::MaybeSent, false, false,
                           "the answer is larger than maxResponseBytes (" +
                               std::to_string(max_response_bytes_) + " bytes)",
                           /*oversized=*/true);
  }
  if (rc != CURLE_OK) {
    const bool not_sent = fails_before_sending(rc) || !upload.started;
    std::string message = impl_->error[0] != '\0' ? impl_->error : curl.easy_strerror(rc);
    throw TransportFailure(
        not_sent ? TransportFailure::Stage::NotSent : TransportFailure::Stage::MaybeSent,
        rc == CURLE_OPERATION_TIMEDOUT, not_sent && transient_connect_failure(rc), message);
  }
  curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  char* type = nullptr;
  if (curl.easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type)
    response.content_type = type;
  return response;
}

}  // namespace libsqlstore::hrana
