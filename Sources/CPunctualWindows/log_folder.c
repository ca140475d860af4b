// The folder of an installed service's default log: made by the installer so that only SYSTEM,
// Administrators and the service's account may use it. %ProgramData% lets any user make folders
// and own them; a folder planted there before the install would hand a LocalSystem service's file
// moves to that user, and its inherited access would let every user read the service's output.
#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#include <stdio.h>

#include "CPunctualWindows.h"

// Whether `owner` is the user this process runs as (the administrator installing).
static BOOL is_caller(PSID owner) {
    HANDLE token;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return FALSE;
    BYTE buffer[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    DWORD size;
    BOOL same = GetTokenInformation(token, TokenUser, buffer, sizeof buffer, &size) &&
                EqualSid(owner, ((TOKEN_USER *)buffer)->User.Sid);
    CloseHandle(token);
    return same;
}

// Whether `path` is owned by SYSTEM, the Administrators group or the installer itself: 1, 0, or -1
// when it does not exist.
static int owned_by_administrators(const wchar_t *path) {
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) return -1;
    PSID owner = NULL;
    PSECURITY_DESCRIPTOR descriptor = NULL;
    DWORD error = GetNamedSecurityInfoW(
        path, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION, &owner, NULL, NULL, NULL, &descriptor);
    int trusted = error == ERROR_SUCCESS && owner &&
                  (IsWellKnownSid(owner, WinLocalSystemSid) || IsWellKnownSid(owner, WinBuiltinAdministratorsSid) ||
                   is_caller(owner));
    LocalFree(descriptor);
    return trusted;
}

uint32_t punctual_log_folder_check(const wchar_t *root, const wchar_t *folder) {
    if (owned_by_administrators(root) == 0 || owned_by_administrators(folder) == 0) return ERROR_INVALID_OWNER;
    return NO_ERROR;
}

// Makes `path`, or takes it over, with the access `sddl` describes (protected: nothing inherited).
static DWORD secure(const wchar_t *path, const wchar_t *sddl) {
    PSECURITY_DESCRIPTOR descriptor = NULL;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &descriptor, NULL))
        return GetLastError();
    DWORD error = NO_ERROR;
    SECURITY_ATTRIBUTES attributes = {sizeof attributes, descriptor, FALSE};
    if (!CreateDirectoryW(path, &attributes)) {
        error = GetLastError();
        if (error == ERROR_ALREADY_EXISTS) {
            BOOL present = FALSE, defaulted = FALSE;
            PACL dacl = NULL;
            GetSecurityDescriptorDacl(descriptor, &present, &dacl, &defaulted);
            error = SetNamedSecurityInfoW(
                (LPWSTR)path, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, NULL,
                NULL, dacl, NULL);
        }
    }
    LocalFree(descriptor);
    return error;
}

uint32_t punctual_log_folder_make(const wchar_t *root, const wchar_t *folder, const wchar_t *account) {
    uint32_t error = punctual_log_folder_check(root, folder);
    if (error) return error;
    // The root for SYSTEM and Administrators only: no one else may make a service's folder in it.
    // Every account can still reach its own folder below, as Windows bypasses traverse checks.
    error = secure(root, L"O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)");
    if (error) return error;
    wchar_t sddl[512] = L"O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";
    if (account) {
        BYTE sid[SECURITY_MAX_SID_SIZE];
        DWORD sid_size = sizeof sid, domain_size = 256;
        wchar_t domain[256];
        SID_NAME_USE use;
        LPWSTR text = NULL;
        if (!LookupAccountNameW(NULL, account, sid, &sid_size, domain, &domain_size, &use) ||
            !ConvertSidToStringSidW(sid, &text))
            return GetLastError();
        // Modify, not full control: the account writes and rotates its logs, it does not change who may.
        _snwprintf(sddl + wcslen(sddl), 511 - wcslen(sddl), L"(A;OICI;0x1301bf;;;%ls)", text);
        sddl[511] = 0;
        LocalFree(text);
    }
    return secure(folder, sddl);
}
#endif
