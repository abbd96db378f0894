// What the kernel says about itself in kernel_info_reply: the protocol version and a
// language_info that makes front ends highlight and export Ember code as Python.

/// The content of kernel_info_reply.
enum KernelInfo {
    /// The shell's version, as `ember --version` prints it.
    static let version = "0.1.0"

    static var content: JSONObject {
        [
            "status": "ok", "protocol_version": "5.3", "implementation": "ember",
            "implementation_version": version,
            "language_info": [
                "name": "python", "version": "3", "mimetype": "text/x-python", "file_extension": ".ember",
                "pygments_lexer": "python3", "codemirror_mode": ["name": "python", "version": 3],
                "nbconvert_exporter": "python",
            ] as JSONObject,
            "banner": "Ember \(version): a small deep-learning library with a Python-flavoured shell",
            "help_links": [] as [Any], "debugger": false,
        ]
    }
}
