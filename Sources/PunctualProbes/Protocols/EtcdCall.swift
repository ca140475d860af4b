import PunctualCore

/// One call to etcd's JSON gateway over its own connection, the same on every system: the request
/// sent, the whole answer read within the timeout, its meaning or why there is none.
package struct EtcdCall: Sendable {
    package let target: RegistryTarget
    package let timeout: Duration

    package init(target: RegistryTarget, timeout: Duration) {
        self.target = target
        self.timeout = timeout
    }

    /// Performs `call` on the endpoint at `index`, presenting `token` when there is one.
    package func perform(_ call: RegistryLease.Call, key: String, endpoint index: Int, token: String?)
        -> RegistryLease.Outcome
    {
        let request: EtcdGateway.Request
        switch call {
        case .authenticate:
            switch SecretReader.read(target.password) {
            case .failure(let failure): return .failed(failure.reason)
            case .success(let password):
                request = EtcdGateway.authenticate(user: target.user ?? "", password: password ?? "")
            }
        case .grant(let seconds): request = EtcdGateway.grant(ttlSeconds: seconds)
        case .put(let value, let lease): request = EtcdGateway.put(key: key, value: value, lease: lease)
        case .keepAlive(let lease): request = EtcdGateway.keepAlive(lease: lease)
        case .revoke(let lease): request = EtcdGateway.revoke(lease: lease)
        }
        let endpoint = target.endpoints[index % target.endpoints.count]
        do throws(ProbeFailure) {
            let connection = try ProbeConnection(
                endpoint, timeout: timeout, tls: target.tls,
                sending: EtcdGateway.http(request, host: "\(endpoint)", token: token))
            let response = try connection.receive(limit: 1 << 16) { GatewayResponse($0) }
            guard let answer = EtcdGateway.answer(response.body) else {
                return .failed("HTTP \(response.status) without etcd's answer: is \(endpoint) etcd's client port?")
            }
            return .answered(answer)
        } catch {
            return .failed(error.reason)
        }
    }
}
