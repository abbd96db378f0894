// Where the session's output goes while a request runs: printed text becomes `stream` messages,
// displayed values `execute_result`, and error reports are kept for the `error` message, all
// with the running request as their parent.

import EmberShell

/// The session's output, turned into iopub messages of the request that runs.
final class KernelOutput {
    let channels: KernelChannels
    /// The request whose code is running; outputs are its children.
    var parent: WireMessage?
    /// A silent request broadcasts nothing.
    var silent = false
    /// The error reports written since the request started.
    var errorText = ""
    /// The value being displayed, whose richer forms join its printout.
    var displayedValue: ShellPicture?
    /// The display training progress updates, while training runs.
    var progressDisplay: String?

    init(channels: KernelChannels) {
        self.channels = channels
    }

    /// Printed text, as a `stream` on stdout.
    func stream(_ text: String, name: String = "stdout") {
        guard !silent, !text.isEmpty else { return }
        channels.publish("stream", ["name": name, "text": text], parent: parent)
    }

    /// A displayed value: `execute_result` numbered as the shell numbers its `Out[n]`.
    func result(_ number: Int, _ text: String) {
        guard !silent else { return }
        var picture = displayedValue ?? ShellPicture(text: text)
        picture.text = text
        displayedValue = nil
        channels.publish(
            "execute_result", ["execution_count": number, "data": bundle(picture), "metadata": [:] as JSONObject],
            parent: parent)
    }

    /// Starts a request: its outputs will have `request` as parent.
    func begin(_ request: WireMessage, silent: Bool) {
        parent = request
        self.silent = silent
        errorText = ""
        displayedValue = nil
        progressDisplay = nil
    }
}
