// TLS on a probe's connection through Schannel (secur32): the handshake within the probe's time, the
// server's certificate checked here with crypt32 (against a CA file or the system's roots, and for the
// host's name), then records sealed and opened for punctual_connection_send and _receive.
#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#define SECURITY_WIN32
#define SCHANNEL_USE_BLACKLISTS
#define CERT_CHAIN_PARA_HAS_EXTRA_FIELDS
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <wincrypt.h>
#include <subauth.h>
#include <security.h>
#include <schannel.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connection.h"

// The most ciphertext kept while waiting for the rest of a handshake flight or a record.
#define MOST_BUFFERED ((size_t)1 << 20)
// The largest CA file read.
#define MOST_CA_FILE ((LONGLONG)4 << 20)
// How long a close waits to hand its close_notify to the socket.
#define GOODBYE_MS 500
// A TLS record's content type for an alert.
#define ALERT_RECORD 21
// HTTPSPolicyCallbackData's fdwChecks bit that leaves an unknown root alone (SECURITY_FLAG_IGNORE_UNKNOWN_CA
// of wininet.h).
#define IGNORE_UNKNOWN_CA 0x00000100

struct punctual_tls {
    CredHandle credentials;
    CtxtHandle context;
    int has_context;
    // The session carries nothing more: its start failed, or a record could not be opened or sealed.
    int failed;
    // The server ended the session with close_notify.
    int ended;
    SecPkgContext_StreamSizes sizes;
    // Ciphertext received and not yet opened; `short_record` while it holds no whole record.
    uint8_t *incoming;
    size_t incoming_count, incoming_capacity;
    int short_record;
    // Plaintext opened and not yet handed out.
    uint8_t *plaintext;
    size_t plaintext_start, plaintext_count, plaintext_capacity;
    // One record being sealed: header, message, trailer.
    uint8_t *record;
    // The name given to Schannel (sent as SNI); NULL for an address.
    char *target;
    // The application protocol the server chose, "" when none.
    char protocol[256];
};

static const ULONG requests = ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |
                              ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION |
                              ISC_REQ_USE_SUPPLIED_CREDS;

static void tell(char *detail, size_t capacity, const char *format, ...) {
    if (capacity == 0) return;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(detail, capacity, format, arguments);
    va_end(arguments);
}

// Windows' sentence for an error or security status, with its code.
static void describe(DWORD code, char *text, size_t size) {
    char message[200] = "";
    DWORD length = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, message,
                                  sizeof message, NULL);
    while (length > 0 && strchr(" .\r\n", message[length - 1])) message[--length] = 0;
    if (length)
        snprintf(text, size, "%s (0x%08lX)", message, code);
    else
        snprintf(text, size, "error 0x%08lX", code);
}

// Makes room for `more` bytes after the first `count` of *buffer: 1, or 0 past MOST_BUFFERED or out of memory.
static int make_room(uint8_t **buffer, size_t *capacity, size_t count, size_t more) {
    if (*capacity - count >= more) return 1;
    size_t wanted = *capacity ? *capacity : 16384;
    while (wanted - count < more && wanted < MOST_BUFFERED) wanted *= 2;
    if (wanted > MOST_BUFFERED) wanted = MOST_BUFFERED;
    if (wanted - count < more) return 0;
    uint8_t *grown = realloc(*buffer, wanted);
    if (!grown) return 0;
    *buffer = grown;
    *capacity = wanted;
    return 1;
}

// Keeps the input Schannel left unprocessed (the last extra->cbBuffer bytes), dropping what it used.
static void keep_extra(punctual_tls *tls, const SecBuffer *extra) {
    if (extra && extra->BufferType == SECBUFFER_EXTRA && extra->cbBuffer > 0 &&
        extra->cbBuffer <= tls->incoming_count) {
        memmove(tls->incoming, tls->incoming + tls->incoming_count - extra->cbBuffer, extra->cbBuffer);
        tls->incoming_count = extra->cbBuffer;
    } else {
        tls->incoming_count = 0;
    }
}

// Reads more of the server's handshake before the deadline: 1, or 0 with why in `detail`. Every wait of
// the handshake is here: each other step of it uses up input.
static int read_more(punctual_connection *connection, ULONGLONG deadline, char *detail, size_t capacity) {
    punctual_tls *tls = connection->tls;
    for (;;) {
        if (GetTickCount64() >= deadline) {
            tell(detail, capacity, "no answer within the time");
            return 0;
        }
        if (!make_room(&tls->incoming, &tls->incoming_capacity, tls->incoming_count, 4096)) {
            tell(detail, capacity, "TLS handshake failed: the server's handshake is too large");
            return 0;
        }
        long got = punctual_socket_receive(connection->socket, tls->incoming + tls->incoming_count,
                                           tls->incoming_capacity - tls->incoming_count, deadline);
        if (got > 0) {
            tls->incoming_count += (size_t)got;
            return 1;
        }
        if (got == -2) continue;
        tell(detail, capacity, got == 0 ? "TLS handshake failed: the server closed the connection"
                                        : "no answer within the time");
        return 0;
    }
}

// Runs InitializeSecurityContext until the handshake is done: from the start (`offer`: the ALPN list,
// or NULL), or, when the server asks for it after the start, on what has been received. 1, or 0 with
// why in `detail`.
static int handshake(punctual_connection *connection, int starting, SecBufferDesc *offer, ULONGLONG deadline,
                     char *detail, size_t capacity) {
    punctual_tls *tls = connection->tls;
    int need_input = 0, asked_for_credentials = 0;
    for (;;) {
        if (need_input && !read_more(connection, deadline, detail, capacity)) return 0;
        SecBuffer in[2] = {{(ULONG)tls->incoming_count, SECBUFFER_TOKEN, tls->incoming}, {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc input = {SECBUFFER_VERSION, 2, in};
        SecBuffer out[1] = {{0, SECBUFFER_TOKEN, NULL}};
        SecBufferDesc output = {SECBUFFER_VERSION, 1, out};
        ULONG attributes = 0;
        SECURITY_STATUS status = InitializeSecurityContextA(
            &tls->credentials, starting ? NULL : &tls->context, tls->target, requests, 0, 0, starting ? offer : &input,
            0, starting ? &tls->context : NULL, &output, &attributes, NULL);
        if (starting && !FAILED(status)) tls->has_context = 1;
        starting = 0;
        if (out[0].pvBuffer) {
            int sent = out[0].cbBuffer == 0 ||
                       punctual_socket_send(connection->socket, out[0].pvBuffer, out[0].cbBuffer, deadline);
            FreeContextBuffer(out[0].pvBuffer);
            if (!sent && !FAILED(status)) {
                tell(detail, capacity, "TLS handshake failed: the server does not take the handshake");
                return 0;
            }
        }
        switch (status) {
        case SEC_E_OK:
            keep_extra(tls, &in[1]);
            return 1;
        case SEC_I_CONTINUE_NEEDED:
            keep_extra(tls, &in[1]);
            need_input = tls->incoming_count == 0;
            break;
        case SEC_E_INCOMPLETE_MESSAGE:
            need_input = 1;
            break;
        case SEC_I_INCOMPLETE_CREDENTIALS:
            // The server asks for a client certificate: go on without one, once.
            if (asked_for_credentials++) {
                tell(detail, capacity, "TLS handshake failed: the server wants a client certificate");
                return 0;
            }
            need_input = 0;
            break;
        default: {
            char why[240];
            describe((DWORD)status, why, sizeof why);
            tell(detail, capacity, "TLS handshake failed: %s", why);
            return 0;
        }
        }
    }
}

// Schannel's client credentials, the certificate left to the glue's own check: SCH_CREDENTIALS where
// Windows knows it (TLS 1.3 on Windows 11 and Server 2022 needs it), else SCHANNEL_CRED.
static SECURITY_STATUS acquire_credentials(CredHandle *credentials) {
    DWORD flags = SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS | SCH_USE_STRONG_CRYPTO;
    SCH_CREDENTIALS current = {.dwVersion = SCH_CREDENTIALS_VERSION, .dwFlags = flags};
    SECURITY_STATUS status = AcquireCredentialsHandleA(NULL, (LPSTR)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL,
                                                       &current, NULL, NULL, credentials, NULL);
    if (status == SEC_E_OK) return status;
    SCHANNEL_CRED older = {.dwVersion = SCHANNEL_CRED_VERSION, .dwFlags = flags};
    return AcquireCredentialsHandleA(NULL, (LPSTR)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &older, NULL, NULL,
                                     credentials, NULL);
}

// MARK: The server's certificate

// The certificates of the PEM file at `path` (UTF-8) in a memory store, or NULL with why in `detail`.
static HCERTSTORE load_authorities(const char *path, char *detail, size_t capacity) {
    char why[240];
    int length = MultiByteToWideChar(CP_UTF8, 0, path, -1, NULL, 0);
    wchar_t *wide = length > 0 ? malloc((size_t)length * sizeof *wide) : NULL;
    if (!wide || !MultiByteToWideChar(CP_UTF8, 0, path, -1, wide, length)) {
        free(wide);
        tell(detail, capacity, "cannot read the CA file: its path is not valid UTF-8");
        return NULL;
    }
    HANDLE file = CreateFileW(wide, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    free(wide);
    LARGE_INTEGER size = {.QuadPart = 0};
    if (file == INVALID_HANDLE_VALUE || !GetFileSizeEx(file, &size)) {
        describe(GetLastError(), why, sizeof why);
        tell(detail, capacity, "cannot read the CA file: %s", why);
        if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
        return NULL;
    }
    if (size.QuadPart > MOST_CA_FILE) {
        CloseHandle(file);
        tell(detail, capacity, "cannot read the CA file: it is larger than 4 MiB");
        return NULL;
    }
    char *text = malloc((size_t)size.QuadPart + 1);
    DWORD read = 0;
    BOOL whole = text && ReadFile(file, text, (DWORD)size.QuadPart, &read, NULL) && read == (DWORD)size.QuadPart;
    if (!whole) describe(text ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY, why, sizeof why);
    CloseHandle(file);
    if (!whole) {
        free(text);
        tell(detail, capacity, "cannot read the CA file: %s", why);
        return NULL;
    }
    text[read] = 0;

    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, CERT_STORE_CREATE_NEW_FLAG, NULL);
    if (!store) {
        free(text);
        tell(detail, capacity, "out of memory");
        return NULL;
    }
    static const char begin[] = "-----BEGIN CERTIFICATE-----", end[] = "-----END CERTIFICATE-----";
    int count = 0, bad = 0;
    for (char *at = strstr(text, begin); at && !bad; at = strstr(at, begin)) {
        char *stop = strstr(at, end);
        if (!stop) {
            bad = 1;
            break;
        }
        stop += sizeof end - 1;
        DWORD der_size = 0;
        bad = !CryptStringToBinaryA(at, (DWORD)(stop - at), CRYPT_STRING_BASE64HEADER, NULL, &der_size, NULL, NULL);
        BYTE *der = bad ? NULL : malloc(der_size);
        bad = bad || !der ||
              !CryptStringToBinaryA(at, (DWORD)(stop - at), CRYPT_STRING_BASE64HEADER, der, &der_size, NULL, NULL) ||
              !CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, der, der_size, CERT_STORE_ADD_USE_EXISTING,
                                                NULL);
        free(der);
        count++;
        at = stop;
    }
    free(text);
    if (bad || count == 0) {
        tell(detail, capacity, bad ? "cannot read the CA file: a certificate in it is not valid"
                                   : "cannot read the CA file: there is no certificate in it");
        CertCloseStore(store, 0);
        return NULL;
    }
    return store;
}

// Whether `store` holds exactly `certificate` (byte for byte, not only its issuer and serial number).
static int holds(HCERTSTORE store, PCCERT_CONTEXT certificate) {
    int found = 0;
    PCCERT_CONTEXT each = NULL;
    while (!found && (each = CertEnumCertificatesInStore(store, each)))
        found = each->cbCertEncoded == certificate->cbCertEncoded &&
                !memcmp(each->pbCertEncoded, certificate->pbCertEncoded, certificate->cbCertEncoded);
    if (each) CertFreeCertificateContext(each);
    return found;
}

// Why a chain whose root nobody trusts is refused, in OpenSSL's words (as on Linux).
static const char *untrusted(PCCERT_CHAIN_CONTEXT chain) {
    DWORD errors = chain->TrustStatus.dwErrorStatus;
    if (!(errors & CERT_TRUST_IS_PARTIAL_CHAIN) && chain->rgpChain[chain->cChain - 1]->cElement == 1)
        return "self-signed certificate";
    if (errors & CERT_TRUST_IS_UNTRUSTED_ROOT && !(errors & CERT_TRUST_IS_PARTIAL_CHAIN))
        return "self-signed certificate in certificate chain";
    return "unable to get local issuer certificate";
}

// Whether a certificate of the chain is out of its validity period: expired, or not yet valid.
static const char *out_of_time(PCCERT_CHAIN_CONTEXT chain) {
    PCERT_SIMPLE_CHAIN simple = chain->rgpChain[chain->cChain - 1];
    for (DWORD i = 0; i < simple->cElement; i++)
        if (CertVerifyTimeValidity(NULL, simple->rgpElement[i]->pCertContext->pCertInfo) < 0)
            return "certificate is not yet valid";
    return "certificate has expired";
}

// What else than trust is wrong with a chain (CERT_TRUST_* bits), or NULL.
static const char *chain_problem(PCCERT_CHAIN_CONTEXT chain, DWORD errors) {
    if (!errors) return NULL;
    if (errors & CERT_TRUST_IS_NOT_SIGNATURE_VALID) return "certificate signature failure";
    if (errors & CERT_TRUST_IS_REVOKED) return "certificate revoked";
    if (errors & CERT_TRUST_IS_NOT_TIME_VALID) return out_of_time(chain);
    if (errors & CERT_TRUST_IS_NOT_VALID_FOR_USAGE) return "unsupported certificate purpose";
    if (errors & CERT_TRUST_INVALID_BASIC_CONSTRAINTS) return "invalid CA certificate";
    return "its chain is not valid";
}

static wchar_t ascii_lower(wchar_t c) { return c >= L'A' && c <= L'Z' ? (wchar_t)(c + (L'a' - L'A')) : c; }

// Whether the certificate's DNS name `pattern` ("*." only as a whole first label) names `host`.
static int dns_matches(const wchar_t *pattern, const char *host) {
    size_t length = strlen(host);
    if (length > 0 && host[length - 1] == '.') length--;
    if (pattern[0] == L'*' && pattern[1] == L'.') {
        const char *dot = memchr(host, '.', length);
        if (!dot || dot == host || !wcschr(pattern + 2, L'.')) return 0;
        pattern++;
        length -= (size_t)(dot - host);
        host = dot;
    }
    size_t i = 0;
    for (; i < length; i++)
        if (!pattern[i] || pattern[i] == L'*' || ascii_lower(pattern[i]) != ascii_lower((unsigned char)host[i]))
            return 0;
    return !pattern[i] || (pattern[i] == L'.' && !pattern[i + 1]);
}

// Whether the certificate names `host`: by its subjectAltName's DNS names or IP addresses, and by its
// subject's common name only for a DNS name when it lists none (as OpenSSL does). Checked besides
// Windows' SSL policy, which matches no IP address under Wine and cannot name a pinned certificate
// whose issuer is missing.
static int names_host(PCCERT_CONTEXT leaf, const char *host, int is_address) {
    unsigned char address[16];
    DWORD address_length = 0;
    if (is_address) {
        if (InetPtonA(AF_INET, host, address) == 1)
            address_length = 4;
        else if (InetPtonA(AF_INET6, host, address) == 1)
            address_length = 16;
        else
            return 0;
    }
    int matched = 0, lists_names = 0;
    PCERT_EXTENSION extension =
        CertFindExtension(szOID_SUBJECT_ALT_NAME2, leaf->pCertInfo->cExtension, leaf->pCertInfo->rgExtension);
    CERT_ALT_NAME_INFO *names = NULL;
    DWORD size = 0;
    if (extension && CryptDecodeObjectEx(X509_ASN_ENCODING, X509_ALTERNATE_NAME, extension->Value.pbData,
                                         extension->Value.cbData, CRYPT_DECODE_ALLOC_FLAG, NULL, &names, &size)) {
        for (DWORD i = 0; i < names->cAltEntry && !matched; i++) {
            const CERT_ALT_NAME_ENTRY *entry = &names->rgAltEntry[i];
            if (entry->dwAltNameChoice == CERT_ALT_NAME_DNS_NAME) {
                lists_names = 1;
                matched = !is_address && dns_matches(entry->pwszDNSName, host);
            } else if (entry->dwAltNameChoice == CERT_ALT_NAME_IP_ADDRESS) {
                matched = is_address && entry->IPAddress.cbData == address_length &&
                          !memcmp(entry->IPAddress.pbData, address, address_length);
            }
        }
        LocalFree(names);
    } else if (extension) {
        lists_names = 1;
    }
    if (!matched && !is_address && !lists_names) {
        wchar_t common_name[256];
        if (CertGetNameStringW(leaf, CERT_NAME_ATTR_TYPE, 0, (void *)szOID_COMMON_NAME, common_name, 256) > 1)
            matched = dns_matches(common_name, host);
    }
    return matched;
}

// Windows' SSL policy on the chain: its error, 0 when it passes. It checks the name when `server_name`
// is not NULL, and leaves an unknown root to the caller when `own_trust`.
static DWORD ssl_policy(PCCERT_CHAIN_CONTEXT chain, wchar_t *server_name, int own_trust) {
    HTTPSPolicyCallbackData ssl = {.cbSize = sizeof ssl, .dwAuthType = AUTHTYPE_SERVER, .pwszServerName = server_name};
    CERT_CHAIN_POLICY_PARA policy = {.cbSize = sizeof policy, .pvExtraPolicyPara = &ssl};
    if (own_trust) {
        ssl.fdwChecks = IGNORE_UNKNOWN_CA;
        policy.dwFlags = CERT_CHAIN_POLICY_ALLOW_UNKNOWN_CA_FLAG;
    }
    CERT_CHAIN_POLICY_STATUS status = {.cbSize = sizeof status};
    if (!CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL, chain, &policy, &status)) return GetLastError();
    return status.dwError;
}

// Checks the server's certificate: its chain must end at a certificate of `authorities` (or the server's
// certificate be one of them), or, without authorities, pass Windows' SSL policy against its roots; and
// it must name `host`. 1, or 0 with why in `detail`.
static int check_certificate(punctual_tls *tls, const char *host, int is_address, HCERTSTORE authorities,
                             ULONGLONG deadline, char *detail, size_t capacity) {
    PCCERT_CONTEXT leaf = NULL;
    if (QueryContextAttributesA(&tls->context, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &leaf) != SEC_E_OK || !leaf) {
        tell(detail, capacity, "certificate not trusted: the server sent no certificate");
        return 0;
    }
    // Intermediate certificates: the ones the server sent, and the CA file's.
    HCERTSTORE extra = leaf->hCertStore, collection = NULL;
    if (authorities && (collection = CertOpenStore(CERT_STORE_PROV_COLLECTION, 0, 0, 0, NULL))) {
        CertAddStoreToCollection(collection, authorities, 0, 0);
        if (leaf->hCertStore) CertAddStoreToCollection(collection, leaf->hCertStore, 0, 1);
        extra = collection;
    }
    LPSTR server_authentication = szOID_PKIX_KP_SERVER_AUTH;
    ULONGLONG now = GetTickCount64();
    CERT_CHAIN_PARA parameters = {.cbSize = sizeof parameters};
    parameters.RequestedUsage.dwType = USAGE_MATCH_TYPE_AND;
    parameters.RequestedUsage.Usage.cUsageIdentifier = 1;
    parameters.RequestedUsage.Usage.rgpszUsageIdentifier = &server_authentication;
    parameters.dwUrlRetrievalTimeout = now < deadline ? (DWORD)(deadline - now) : 1;
    // The policy checks DNS names; an address is checked below only (Wine's policy matches no address).
    wchar_t name[256];
    wchar_t *server_name = !is_address && MultiByteToWideChar(CP_UTF8, 0, host, -1, name, 256) > 0 ? name : NULL;
    PCCERT_CHAIN_CONTEXT chain = NULL;
    char why[240];
    const char *problem = NULL;
    if (!CertGetCertificateChain(NULL, leaf, NULL, extra, &parameters,
                                 authorities ? CERT_CHAIN_CACHE_ONLY_URL_RETRIEVAL : 0, NULL, &chain)) {
        describe(GetLastError(), why, sizeof why);
        problem = why;
    } else if (authorities) {
        PCERT_SIMPLE_CHAIN simple = chain->rgpChain[chain->cChain - 1];
        DWORD ignored = CERT_TRUST_IS_UNTRUSTED_ROOT | CERT_TRUST_REVOCATION_STATUS_UNKNOWN |
                        CERT_TRUST_IS_OFFLINE_REVOCATION;
        if (holds(authorities, leaf)) {
            // Pinned: only the server's certificate itself counts.
            problem = chain_problem(chain, chain->rgpChain[0]->rgpElement[0]->TrustStatus.dwErrorStatus &
                                               ~(ignored | CERT_TRUST_IS_PARTIAL_CHAIN));
        } else if (!(chain->TrustStatus.dwErrorStatus & CERT_TRUST_IS_PARTIAL_CHAIN) &&
                   holds(authorities, simple->rgpElement[simple->cElement - 1]->pCertContext)) {
            problem = chain_problem(chain, chain->TrustStatus.dwErrorStatus & ~ignored);
        } else {
            problem = untrusted(chain);
        }
        // Trust is decided: only the policy's verdict on the name counts.
        if (!problem && server_name && (HRESULT)ssl_policy(chain, server_name, 1) == CERT_E_CN_NO_MATCH)
            problem = "hostname mismatch";
    } else if (chain->TrustStatus.dwErrorStatus & (CERT_TRUST_IS_UNTRUSTED_ROOT | CERT_TRUST_IS_PARTIAL_CHAIN)) {
        // Wine's policy lets a partial chain pass: the chain's own status is read first.
        problem = untrusted(chain);
    } else if (!(problem = chain_problem(chain, chain->TrustStatus.dwErrorStatus &
                                                    ~(CERT_TRUST_REVOCATION_STATUS_UNKNOWN |
                                                      CERT_TRUST_IS_OFFLINE_REVOCATION)))) {
        DWORD error = ssl_policy(chain, server_name, 0);
        switch ((HRESULT)error) {
        case S_OK: break;
        case CERT_E_UNTRUSTEDROOT: problem = untrusted(chain); break;
        case CERT_E_CHAINING: problem = "unable to get local issuer certificate"; break;
        case CERT_E_EXPIRED: problem = out_of_time(chain); break;
        case CERT_E_CN_NO_MATCH: problem = "hostname mismatch"; break;
        case TRUST_E_CERT_SIGNATURE: problem = "certificate signature failure"; break;
        case CRYPT_E_REVOKED: problem = "certificate revoked"; break;
        case CERT_E_WRONG_USAGE: problem = "unsupported certificate purpose"; break;
        case TRUST_E_BASIC_CONSTRAINTS: problem = "invalid CA certificate"; break;
        default:
            describe(error, why, sizeof why);
            problem = why;
        }
    }
    if (!problem && !names_host(leaf, host, is_address))
        problem = is_address ? "IP address mismatch" : "hostname mismatch";
    if (problem) tell(detail, capacity, "certificate not trusted: %s", problem);
    if (chain) CertFreeCertificateChain(chain);
    if (collection) CertCloseStore(collection, 0);
    CertFreeCertificateContext(leaf);
    return !problem;
}

// MARK: The session

// punctual_connection_start_tls once its session is attached: 1, or 0 with why in `detail`.
static int start(punctual_connection *connection, const char *host, int is_address, HCERTSTORE authorities,
                 int verify, const char *alpn, ULONGLONG deadline, char *detail, size_t capacity) {
    punctual_tls *tls = connection->tls;
    size_t host_length = strlen(host);
    if (!make_room(&tls->incoming, &tls->incoming_capacity, 0, 16384) ||
        (!is_address && !(tls->target = malloc(host_length + 1)))) {
        tell(detail, capacity, "out of memory");
        return 0;
    }
    if (tls->target) memcpy(tls->target, host, host_length + 1);
    SECURITY_STATUS status = acquire_credentials(&tls->credentials);
    if (status != SEC_E_OK) {
        char why[240];
        SecInvalidateHandle(&tls->credentials);
        describe((DWORD)status, why, sizeof why);
        tell(detail, capacity, "cannot start TLS: %s", why);
        return 0;
    }
    // The ALPN offer: SEC_APPLICATION_PROTOCOLS with one list holding the one name, length first.
    _Alignas(SEC_APPLICATION_PROTOCOLS) unsigned char offer_bytes[sizeof(SEC_APPLICATION_PROTOCOLS) + 256];
    SecBuffer offer_buffer = {0, SECBUFFER_APPLICATION_PROTOCOLS, offer_bytes};
    SecBufferDesc offer = {SECBUFFER_VERSION, 1, &offer_buffer};
    if (alpn) {
        size_t length = strlen(alpn);
        SEC_APPLICATION_PROTOCOLS *protocols = (SEC_APPLICATION_PROTOCOLS *)offer_bytes;
        SEC_APPLICATION_PROTOCOL_LIST *list = protocols->ProtocolLists;
        unsigned char *names = (unsigned char *)list + offsetof(SEC_APPLICATION_PROTOCOL_LIST, ProtocolList);
        list->ProtoNegoExt = SecApplicationProtocolNegotiationExt_ALPN;
        list->ProtocolListSize = (unsigned short)(1 + length);
        names[0] = (unsigned char)length;
        memcpy(names + 1, alpn, length);
        protocols->ProtocolListsSize = (ULONG)(offsetof(SEC_APPLICATION_PROTOCOL_LIST, ProtocolList) + 1 + length);
        offer_buffer.cbBuffer =
            (ULONG)(offsetof(SEC_APPLICATION_PROTOCOLS, ProtocolLists) + protocols->ProtocolListsSize);
    }
    if (!handshake(connection, 1, alpn ? &offer : NULL, deadline, detail, capacity)) return 0;
    if (verify && !check_certificate(tls, host, is_address, authorities, deadline, detail, capacity)) return 0;
    if (QueryContextAttributesA(&tls->context, SECPKG_ATTR_STREAM_SIZES, &tls->sizes) != SEC_E_OK) {
        tell(detail, capacity, "TLS handshake failed: Schannel gives no record sizes");
        return 0;
    }
    tls->record = malloc((size_t)tls->sizes.cbHeader + tls->sizes.cbMaximumMessage + tls->sizes.cbTrailer);
    if (!tls->record) {
        tell(detail, capacity, "out of memory");
        return 0;
    }
    SecPkgContext_ApplicationProtocol chosen;
    if (alpn && QueryContextAttributesA(&tls->context, SECPKG_ATTR_APPLICATION_PROTOCOL, &chosen) == SEC_E_OK &&
        chosen.ProtoNegoStatus == SecApplicationProtocolNegotiationStatus_Success &&
        chosen.ProtoNegoExt == SecApplicationProtocolNegotiationExt_ALPN) {
        memcpy(tls->protocol, chosen.ProtocolId, chosen.ProtocolIdSize);
        tls->protocol[chosen.ProtocolIdSize] = 0;
    }
    return 1;
}

int punctual_connection_start_tls(punctual_connection *connection, const char *host, int is_address,
                                  const char *ca_file, int verify, const char *alpn, uint32_t timeout_ms, char *detail,
                                  size_t capacity) {
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    if (connection->tls) {
        tell(detail, capacity, "TLS has already started on this connection");
        return 0;
    }
    // The session is attached first, failed until it has started: after a failure nothing goes out
    // in the clear.
    punctual_tls *tls = calloc(1, sizeof *tls);
    if (!tls) {
        shutdown(connection->socket, SD_BOTH);
        tell(detail, capacity, "out of memory");
        return 0;
    }
    SecInvalidateHandle(&tls->credentials);
    tls->failed = 1;
    connection->tls = tls;
    size_t alpn_length = alpn ? strlen(alpn) : 0;
    if (alpn && (alpn_length == 0 || alpn_length > 255)) {
        tell(detail, capacity, "an application protocol name of %u bytes", (unsigned)alpn_length);
        return 0;
    }
    HCERTSTORE authorities = NULL;
    if (verify && ca_file && !(authorities = load_authorities(ca_file, detail, capacity))) return 0;
    tls->failed = !start(connection, host, is_address, authorities, verify, alpn, deadline, detail, capacity);
    if (authorities) CertCloseStore(authorities, 0);
    return !tls->failed;
}

int punctual_connection_application_protocol(punctual_connection *connection, char *protocol, size_t capacity) {
    const char *chosen = connection->tls && !connection->tls->failed ? connection->tls->protocol : "";
    tell(protocol, capacity, "%s", chosen);
    return *chosen != 0 && strlen(chosen) < capacity;
}

int punctual_tls_send(punctual_connection *connection, const uint8_t *bytes, size_t count, ULONGLONG deadline) {
    punctual_tls *tls = connection->tls;
    if (tls->failed || tls->ended) return 0;
    while (count > 0) {
        size_t chunk = count < tls->sizes.cbMaximumMessage ? count : tls->sizes.cbMaximumMessage;
        uint8_t *message = tls->record + tls->sizes.cbHeader;
        memcpy(message, bytes, chunk);
        SecBuffer parts[4] = {{tls->sizes.cbHeader, SECBUFFER_STREAM_HEADER, tls->record},
                              {(ULONG)chunk, SECBUFFER_DATA, message},
                              {tls->sizes.cbTrailer, SECBUFFER_STREAM_TRAILER, message + chunk},
                              {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc sealed = {SECBUFFER_VERSION, 4, parts};
        if (EncryptMessage(&tls->context, 0, &sealed, 0) != SEC_E_OK) {
            tls->failed = 1;
            return 0;
        }
        size_t length = (size_t)parts[0].cbBuffer + parts[1].cbBuffer + parts[2].cbBuffer;
        if (!punctual_socket_send(connection->socket, tls->record, length, deadline)) return 0;
        bytes += chunk;
        count -= chunk;
    }
    return 1;
}

// Takes the server's messages after the handshake that DecryptMessage hands back (TLS 1.3's session
// tickets and key updates): 1, or 0 for a TLS 1.2 renegotiation, which is refused (its new certificate
// would go unchecked), or a failure.
static int renegotiate(punctual_connection *connection, ULONGLONG deadline) {
    punctual_tls *tls = connection->tls;
    SecPkgContext_ConnectionInfo info;
    if (QueryContextAttributesA(&tls->context, SECPKG_ATTR_CONNECTION_INFO, &info) == SEC_E_OK &&
        !(info.dwProtocol & SP_PROT_TLS1_3_CLIENT))
        return 0;
    char ignored[8];
    return handshake(connection, 0, NULL, deadline, ignored, sizeof ignored);
}

// Opens the first record of `incoming`, putting its plaintext aside: 1, 0 when the record is not whole
// yet, -1 when the session has ended or failed.
static int open_record(punctual_connection *connection, ULONGLONG deadline) {
    punctual_tls *tls = connection->tls;
    SecBuffer parts[4] = {{(ULONG)tls->incoming_count, SECBUFFER_DATA, tls->incoming},
                          {0, SECBUFFER_EMPTY, NULL},
                          {0, SECBUFFER_EMPTY, NULL},
                          {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc message = {SECBUFFER_VERSION, 4, parts};
    uint8_t content_type = tls->incoming[0];
    SECURITY_STATUS status = DecryptMessage(&tls->context, &message, 0, NULL);
    if (status == SEC_E_INCOMPLETE_MESSAGE) return 0;
    if (status == SEC_E_CONTEXT_EXPIRED) {
        tls->ended = 1;
        return -1;
    }
    if (status != SEC_E_OK && status != SEC_I_RENEGOTIATE && status != SEC_I_CONTEXT_EXPIRED) {
        tls->failed = 1;
        return -1;
    }
    const SecBuffer *data = NULL, *extra = NULL;
    for (int i = 1; i < 4; i++) {
        if (parts[i].BufferType == SECBUFFER_DATA && !data) data = &parts[i];
        if (parts[i].BufferType == SECBUFFER_EXTRA && !extra) extra = &parts[i];
    }
    if (data && data->cbBuffer > 0) {
        if (!make_room(&tls->plaintext, &tls->plaintext_capacity, 0, data->cbBuffer)) {
            tls->failed = 1;
            return -1;
        }
        memcpy(tls->plaintext, data->pvBuffer, data->cbBuffer);
        tls->plaintext_start = 0;
        tls->plaintext_count = data->cbBuffer;
    }
    keep_extra(tls, extra);
    // The server's close_notify: SEC_I_CONTEXT_EXPIRED on Windows; under Wine an alert record (TLS 1.2
    // shows its type) that opens to nothing.
    int opened_nothing = !data || data->cbBuffer == 0;
    if (status == SEC_I_CONTEXT_EXPIRED || (status == SEC_E_OK && content_type == ALERT_RECORD && opened_nothing))
        tls->ended = 1;
    if (status == SEC_I_RENEGOTIATE && !renegotiate(connection, deadline)) tls->failed = 1;
    return 1;
}

long punctual_tls_receive(punctual_connection *connection, uint8_t *buffer, size_t capacity, ULONGLONG deadline) {
    punctual_tls *tls = connection->tls;
    int waited = 0;
    for (;;) {
        if (tls->plaintext_count > 0) {
            size_t count = tls->plaintext_count < capacity ? tls->plaintext_count : capacity;
            if (count > LONG_MAX) count = LONG_MAX;
            memcpy(buffer, tls->plaintext + tls->plaintext_start, count);
            tls->plaintext_start += count;
            tls->plaintext_count -= count;
            return (long)count;
        }
        if (tls->failed || tls->ended) return 0;
        if (tls->incoming_count > 0 && !tls->short_record) {
            tls->short_record = open_record(connection, deadline) == 0;
            continue;
        }
        // Every record received is opened: wait for more, once the time is up only what has come already.
        if (waited && GetTickCount64() >= deadline) return -1;
        if (!make_room(&tls->incoming, &tls->incoming_capacity, tls->incoming_count, 4096)) {
            tls->failed = 1;
            return 0;
        }
        long got = punctual_socket_receive(connection->socket, tls->incoming + tls->incoming_count,
                                           tls->incoming_capacity - tls->incoming_count, deadline);
        if (got <= 0) return got;
        waited = 1;
        tls->incoming_count += (size_t)got;
        tls->short_record = 0;
    }
}

// Sends close_notify (within GOODBYE_MS), as far as Schannel and the socket allow.
static void say_goodbye(punctual_connection *connection) {
    punctual_tls *tls = connection->tls;
    DWORD kind = SCHANNEL_SHUTDOWN;
    SecBuffer token = {sizeof kind, SECBUFFER_TOKEN, &kind};
    SecBufferDesc control = {SECBUFFER_VERSION, 1, &token};
    if (ApplyControlToken(&tls->context, &control) != SEC_E_OK) return;
    SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
    SecBufferDesc output = {SECBUFFER_VERSION, 1, &out};
    ULONG attributes = 0;
    SECURITY_STATUS status = InitializeSecurityContextA(&tls->credentials, &tls->context, tls->target, requests, 0, 0,
                                                        NULL, 0, NULL, &output, &attributes, NULL);
    if (out.pvBuffer) {
        if (!FAILED(status) && out.cbBuffer > 0)
            punctual_socket_send(connection->socket, out.pvBuffer, out.cbBuffer, GetTickCount64() + GOODBYE_MS);
        FreeContextBuffer(out.pvBuffer);
    }
}

void punctual_tls_end(punctual_connection *connection) {
    punctual_tls *tls = connection->tls;
    if (tls->has_context) {
        if (!tls->failed) say_goodbye(connection);
        DeleteSecurityContext(&tls->context);
    }
    if (SecIsValidHandle(&tls->credentials)) FreeCredentialsHandle(&tls->credentials);
    free(tls->incoming);
    free(tls->plaintext);
    free(tls->record);
    free(tls->target);
    free(tls);
    connection->tls = NULL;
}
#endif
