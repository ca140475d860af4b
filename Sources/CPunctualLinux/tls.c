// Linux only: empty on Windows.
#ifndef _WIN32
#define _GNU_SOURCE
#include "CPunctualLinux.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The system's OpenSSL 3, loaded at the first https probe: a punctual that never asks one carries none
// of it, and the library is the one the system keeps patched. Only the calls a client needs.
typedef struct openssl {
    void *(*client_method)(void);
    void *(*ctx_new)(const void *);
    void (*ctx_free)(void *);
    int (*ctx_default_paths)(void *);
    int (*ctx_load_locations)(void *, const char *, const char *);
    void (*ctx_set_verify)(void *, int, void *);
    int (*ctx_use_chain)(void *, const char *);
    int (*ctx_use_key)(void *, const char *, int);
    int (*ctx_check_key)(const void *);
    void *(*ssl_new)(void *);
    void (*ssl_free)(void *);
    int (*set_fd)(void *, int);
    long (*ctrl)(void *, int, long, void *);
    int (*set1_host)(void *, const char *);
    int (*set_alpn)(void *, const unsigned char *, unsigned int);
    void *(*get0_param)(void *);
    int (*param_set1_ip)(void *, const char *);
    int (*connect)(void *);
    long (*verify_result)(const void *);
    const char *(*verify_error_string)(long);
    int (*write)(void *, const void *, int);
    int (*read)(void *, void *, int);
    int (*shutdown)(void *);
    unsigned long (*error_get)(void);
    void (*error_string)(unsigned long, char *, size_t);
} openssl;

static openssl library;
static const char *load_failure;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

#define RESOLVE(handle, field, name)                                                                               \
    if (!(*(void **)&library.field = dlsym(handle, name))) {                                                      \
        load_failure = "the system's OpenSSL lacks " name;                                                        \
        return;                                                                                                    \
    }

static void load(void) {
    void *ssl = dlopen("libssl.so.3", RTLD_NOW | RTLD_LOCAL);
    void *crypto = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!ssl || !crypto) {
        load_failure = "https needs the system's OpenSSL 3 (libssl.so.3), which is not installed: apt-get install libssl3";
        return;
    }
    RESOLVE(ssl, client_method, "TLS_client_method")
    RESOLVE(ssl, ctx_new, "SSL_CTX_new")
    RESOLVE(ssl, ctx_free, "SSL_CTX_free")
    RESOLVE(ssl, ctx_default_paths, "SSL_CTX_set_default_verify_paths")
    RESOLVE(ssl, ctx_load_locations, "SSL_CTX_load_verify_locations")
    RESOLVE(ssl, ctx_set_verify, "SSL_CTX_set_verify")
    RESOLVE(ssl, ctx_use_chain, "SSL_CTX_use_certificate_chain_file")
    RESOLVE(ssl, ctx_use_key, "SSL_CTX_use_PrivateKey_file")
    RESOLVE(ssl, ctx_check_key, "SSL_CTX_check_private_key")
    RESOLVE(ssl, ssl_new, "SSL_new")
    RESOLVE(ssl, ssl_free, "SSL_free")
    RESOLVE(ssl, set_fd, "SSL_set_fd")
    RESOLVE(ssl, ctrl, "SSL_ctrl")
    RESOLVE(ssl, set1_host, "SSL_set1_host")
    RESOLVE(ssl, set_alpn, "SSL_set_alpn_protos")
    RESOLVE(ssl, get0_param, "SSL_get0_param")
    RESOLVE(crypto, param_set1_ip, "X509_VERIFY_PARAM_set1_ip_asc")
    RESOLVE(ssl, connect, "SSL_connect")
    RESOLVE(ssl, verify_result, "SSL_get_verify_result")
    RESOLVE(crypto, verify_error_string, "X509_verify_cert_error_string")
    RESOLVE(ssl, write, "SSL_write")
    RESOLVE(ssl, read, "SSL_read")
    RESOLVE(ssl, shutdown, "SSL_shutdown")
    RESOLVE(crypto, error_get, "ERR_get_error")
    RESOLVE(crypto, error_string, "ERR_error_string_n")
}

struct cpunctual_tls {
    void *context;
    void *session;
};

static void fail(char *error, size_t size, const char *what) {
    unsigned long code = library.error_get ? library.error_get() : 0;
    char detail[200] = "";
    if (code && library.error_string) library.error_string(code, detail, sizeof detail);
    snprintf(error, size, "%s%s%s", what, *detail ? ": " : "", detail);
}

cpunctual_tls *cpunctual_tls_connect(int fd, const char *host, int host_is_ip, const char *ca_file, int verify,
                                     const char *alpn, const char *cert_file, const char *key_file, char *error,
                                     size_t error_size) {
    pthread_once(&load_once, load);
    if (load_failure) {
        snprintf(error, error_size, "%s", load_failure);
        return NULL;
    }
    cpunctual_tls *tls = calloc(1, sizeof *tls);
    if (!tls) {
        snprintf(error, error_size, "out of memory");
        return NULL;
    }
    tls->context = library.ctx_new(library.client_method());
    if (!tls->context) {
        fail(error, error_size, "cannot make a TLS context");
        cpunctual_tls_close(tls);
        return NULL;
    }
    if (verify) {
        int loaded = ca_file ? library.ctx_load_locations(tls->context, ca_file, NULL)
                             : library.ctx_default_paths(tls->context);
        if (loaded != 1) {
            fail(error, error_size, ca_file ? "cannot read the CA file" : "cannot read the system's CA certificates");
            cpunctual_tls_close(tls);
            return NULL;
        }
        library.ctx_set_verify(tls->context, 1 /* SSL_VERIFY_PEER */, NULL);
    }
    if (cert_file && key_file) {
        if (library.ctx_use_chain(tls->context, cert_file) != 1) {
            fail(error, error_size, "cannot read the client certificate");
            cpunctual_tls_close(tls);
            return NULL;
        }
        if (library.ctx_use_key(tls->context, key_file, 1 /* SSL_FILETYPE_PEM */) != 1 ||
            library.ctx_check_key(tls->context) != 1) {
            fail(error, error_size, "cannot use the client key with its certificate");
            cpunctual_tls_close(tls);
            return NULL;
        }
    }
    tls->session = library.ssl_new(tls->context);
    if (!tls->session || library.set_fd(tls->session, fd) != 1) {
        fail(error, error_size, "cannot start TLS");
        cpunctual_tls_close(tls);
        return NULL;
    }
    if (!host_is_ip) library.ctrl(tls->session, 55 /* SSL_CTRL_SET_TLSEXT_HOSTNAME */, 0, (void *)host);
    if (alpn) {
        unsigned char protocols[256];
        size_t length = strlen(alpn);
        if (length == 0 || length > 254) {
            snprintf(error, error_size, "an application protocol name of %zu bytes", length);
            cpunctual_tls_close(tls);
            return NULL;
        }
        protocols[0] = (unsigned char)length;
        memcpy(protocols + 1, alpn, length);
        if (library.set_alpn(tls->session, protocols, (unsigned int)length + 1) != 0) {
            fail(error, error_size, "cannot offer the application protocol");
            cpunctual_tls_close(tls);
            return NULL;
        }
    }
    if (verify) {
        int named = host_is_ip ? library.param_set1_ip(library.get0_param(tls->session), host)
                               : library.set1_host(tls->session, host);
        if (named != 1) {
            fail(error, error_size, "cannot name the host to check the certificate against");
            cpunctual_tls_close(tls);
            return NULL;
        }
    }
    if (library.connect(tls->session) != 1) {
        long verified = library.verify_result(tls->session);
        if (verify && verified != 0) {
            snprintf(error, error_size, "certificate not trusted: %s", library.verify_error_string(verified));
        } else {
            fail(error, error_size, "TLS handshake failed");
        }
        library.ssl_free(tls->session);
        tls->session = NULL;
        cpunctual_tls_close(tls);
        return NULL;
    }
    return tls;
}

long cpunctual_tls_write(cpunctual_tls *tls, const void *bytes, size_t length) {
    return library.write(tls->session, bytes, (int)length);
}

long cpunctual_tls_read(cpunctual_tls *tls, void *buffer, size_t length) {
    return library.read(tls->session, buffer, (int)length);
}

void cpunctual_tls_close(cpunctual_tls *tls) {
    if (!tls) return;
    if (tls->session) {
        library.shutdown(tls->session);
        library.ssl_free(tls->session);
    }
    if (tls->context) library.ctx_free(tls->context);
    free(tls);
}
#endif
