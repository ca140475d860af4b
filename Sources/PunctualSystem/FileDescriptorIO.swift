#if !os(Windows)
    import Glibc

    /// Reading and writing whole buffers on raw file descriptors.
    package enum FileDescriptorIO {
        /// Writes every byte, waiting out EAGAIN on a non-blocking descriptor. False when the reader is gone.
        @discardableResult
        package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
            var offset = 0
            while offset < bytes.count {
                let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else if written < 0 && errno == EAGAIN {
                    var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&descriptor, 1, 1000)
                } else {
                    return false
                }
            }
            return true
        }

        @discardableResult
        package static func writeAll(_ fd: Int32, _ text: String) -> Bool {
            var text = text
            return text.withUTF8 { writeAll(fd, UnsafeRawBufferPointer($0)) }
        }

        /// Reads what is there, up to the buffer's size. Zero at end of file; nil when it would block.
        package static func readSome(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError)
            -> Int?
        {
            while true {
                let count = read(fd, buffer.baseAddress, buffer.count)
                if count >= 0 { return count }
                if errno == EINTR { continue }
                if errno == EAGAIN { return nil }
                throw SystemError("read")
            }
        }

        /// Reads a small file whole; nil when it cannot be read.
        package static func readFile(_ path: String, limit: Int = 64 * 1024) -> [UInt8]? {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var result: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while result.count < limit {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                result += chunk[0..<count]
            }
            return result
        }

        /// Writes `text` to a temporary file beside `path`, flushes it, and renames it over `path`:
        /// whoever reads `path`, even after a crash mid-write, finds the old text or the new.
        package static func replaceFile(_ path: String, with text: String) throws(SystemError) {
            let temporary = "\(path).punctual-\(getpid())"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw SystemError("open \(temporary)") }
            let written = writeAll(fd, text) && fsync(fd) == 0
            let error = SystemError("write \(path)")
            close(fd)
            guard written, rename(temporary, path) == 0 else {
                let failure = written ? SystemError("rename \(path)") : error
                unlink(temporary)
                throw failure
            }
        }

        /// Makes a descriptor non-blocking.
        package static func setNonBlocking(_ fd: Int32) {
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        }
    }
#endif
