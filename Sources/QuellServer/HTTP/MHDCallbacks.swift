import CMicroHTTPD
import Glibc

/// The C callbacks handed to libmicrohttpd. They capture nothing; state arrives through `void *` arguments:
/// the daemon-wide `HTTPServerContext` as `cls`, the per-request `HTTPRequestState` as `*con_cls`.
enum MHDCallbacks {
    static let requestCompleted: MHD_RequestCompletedCallback = { _, _, conCls, _ in
        guard let conCls, let pointer = conCls.pointee else { return }
        conCls.pointee = nil
        Unmanaged<HTTPRequestState>.fromOpaque(pointer).release()
    }

    static let logger: MHD_LogCallback = { cls, format, arguments in
        guard let cls, let format, let arguments else { return }
        var buffer = [CChar](repeating: 0, count: 512)
        _ = vsnprintf(&buffer, buffer.count, format, arguments)
        var message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        while message.last?.isNewline == true {
            message.removeLast()
        }
        Unmanaged<HTTPServerContext>.fromOpaque(cls).takeUnretainedValue().log(message)
    }

    static let accessHandler: MHD_AccessHandlerCallback = { cls, connection, url, method, _, uploadData, uploadDataSize, conCls in
        guard let cls, let connection, let method, let uploadDataSize, let conCls else { return .NO }
        let context = Unmanaged<HTTPServerContext>.fromOpaque(cls).takeUnretainedValue()
        // Queuing a response on the first call makes MHD send `Connection: close`, so normal requests answer
        // on the final call. An oversized declared body is the exception: answering before reading it is the point.
        guard let existing = conCls.pointee else {
            let state = HTTPRequestState(rawPath: url.map { String(cString: $0) } ?? "")
            conCls.pointee = Unmanaged.passRetained(state).toOpaque()
            if let declared = declaredContentLength(connection) {
                if declared > UInt64(context.bodyBytesMax) {
                    return queue(payloadTooLarge(context.bodyBytesMax), on: connection, context: context)
                }
                state.body.reserveCapacity(min(Int(declared), 8 << 20))
            }
            return .YES
        }
        let state = Unmanaged<HTTPRequestState>.fromOpaque(existing).takeUnretainedValue()

        let size = uploadDataSize.pointee
        if size > 0 {
            // Chunked bodies have no declared length; past the limit the rest is read and dropped, not buffered.
            if !state.tooLarge {
                if size > context.bodyBytesMax - state.body.count {
                    state.tooLarge = true
                    state.body = []
                } else if let uploadData {
                    state.body.append(contentsOf: UnsafeRawBufferPointer(start: uploadData, count: size))
                }
            }
            uploadDataSize.pointee = 0
            return .YES
        }

        if state.tooLarge {
            return queue(payloadTooLarge(context.bodyBytesMax), on: connection, context: context)
        }
        let request = makeRequest(connection: connection, method: method, state: state)
        state.body = []
        return queue(context.handler(request), on: connection, context: context)
    }

    static func payloadTooLarge(_ limit: Int) -> HTTPResponse {
        .jsonError(413, code: "payload_too_large", message: "Request body exceeds the limit of \(limit) bytes.")
    }

    /// MHD has already rejected malformed Content-Length values with 400, so this only sees digits.
    private static func declaredContentLength(_ connection: OpaquePointer) -> UInt64? {
        guard let value = MHD_lookup_connection_value(connection, .HEADER_KIND, "Content-Length") else { return nil }
        var result: UInt64 = 0
        var index = 0
        while value[index] != 0 {
            let digit = UInt8(bitPattern: value[index]) &- 0x30
            guard digit < 10 else { return nil }
            let (times10, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            if overflow1 || overflow2 { return .max }
            result = sum
            index += 1
        }
        return index == 0 ? nil : result
    }

    private static func makeRequest(
        connection: OpaquePointer, method: UnsafePointer<CChar>, state: HTTPRequestState
    ) -> HTTPRequest {
        var headers: [String: String] = [:]
        _ = withUnsafeMutablePointer(to: &headers) { headersPointer in
            MHD_get_connection_values(connection, .HEADER_KIND, { cls, _, key, value in
                guard let cls, let key else { return .YES }
                let name = MHDCallbacks.lowercasedName(key)
                let value = value.map { String(cString: $0) } ?? ""
                let headers = cls.assumingMemoryBound(to: [String: String].self)
                if let previous = headers.pointee[name] {
                    headers.pointee[name] = previous + (name == "cookie" ? "; " : ", ") + value
                } else {
                    headers.pointee[name] = value
                }
                return .YES
            }, headersPointer)
        }

        var queryItems: [(name: String, value: String)] = []
        _ = withUnsafeMutablePointer(to: &queryItems) { itemsPointer in
            MHD_get_connection_values(connection, .GET_ARGUMENT_KIND, { cls, _, key, value in
                guard let cls, let key else { return .YES }
                let item = (name: URLPercentDecoding.decode(key), value: value.map { URLPercentDecoding.decode($0) } ?? "")
                cls.assumingMemoryBound(to: [(name: String, value: String)].self).pointee.append(item)
                return .YES
            }, itemsPointer)
        }

        return HTTPRequest(
            method: String(cString: method),
            path: URLPercentDecoding.decode(state.rawPath),
            rawPath: state.rawPath,
            queryItems: queryItems,
            lowercasedHeaders: headers,
            body: state.body,
            remoteAddress: clientAddress(connection)
        )
    }

    /// Most clients already send lower-case (HTTP/2 style) or few headers; skip the copy when nothing changes.
    private static func lowercasedName(_ key: UnsafePointer<CChar>) -> String {
        let name = String(cString: key)
        return name.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) ? name.lowercased() : name
    }

    private static func clientAddress(_ connection: OpaquePointer) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(INET6_ADDRSTRLEN) + 1) { buffer in
            guard cmhd_connection_client_address(connection, buffer.baseAddress, buffer.count) == 1 else { return "" }
            return String(cString: buffer.baseAddress!)
        }
    }

    /// Returns MHD_NO (MHD then closes the connection) only when no response could be built or queued.
    static func queue(_ response: HTTPResponse, on connection: OpaquePointer, context: HTTPServerContext) -> MHD_Result {
        let created = response.body.withUnsafeBytes { bytes in
            // MUST_COPY: MHD copies before returning, so the mutable cast never leads to a write.
            MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress), .RESPMEM_MUST_COPY)
        }
        guard let mhdResponse = created else {
            context.log("could not create a response of \(response.body.count) bytes")
            return .NO
        }
        defer { MHD_destroy_response(mhdResponse) }
        for (name, value) in response.headers where MHD_add_response_header(mhdResponse, name, value) == .NO {
            context.log("response header rejected: \(name)")
        }
        let status = (100...999).contains(response.status) ? response.status : 500
        return MHD_queue_response(connection, UInt32(status), mhdResponse)
    }
}
