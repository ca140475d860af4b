#if !os(Windows)
    import PunctualCore

    extension ChildExit {
        /// Decodes a wait status as Linux encodes it.
        package init(waitStatus status: Int32) {
            let signal = status & 0x7f
            if signal == 0 {
                self = .exited((status >> 8) & 0xff)
            } else if signal != 0x7f {
                self = .signaled(Signal(number: signal))
            } else {
                self = .lost
            }
        }
    }
#endif
