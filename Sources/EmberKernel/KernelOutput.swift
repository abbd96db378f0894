// Where a session's output goes in Jupyter's terms: printed text becomes `stream`, displayed
// values `execute_result`, pictures `display_data`, error reports an `error`. The kernel
// publishes these on iopub with the running request as parent; a notebook written by
// `ember replay --ipynb` keeps them as the cells' outputs. One router serves both.

import EmberShell

/// The session's output, as Jupyter messages (type and content) handed to `publish`.
final class KernelOutput {
    /// Sends one message: its type, content and the request it belongs to.
    let publish: (String, JSONObject, WireMessage?) -> Void
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

    init(publish: @escaping (String, JSONObject, WireMessage?) -> Void) {
        self.publish = publish
    }

    /// A session whose printed text, values, pictures, progress and errors come here.
    func makeSession(seed: UInt64) -> ShellSession {
        let session = ShellSession(
            seed: seed, write: { [unowned self] in stream($0) }, writeError: { [unowned self] in errorText += $0 })
        session.writeValue = { [unowned self] in result($0, $1) }
        let context = session.interpreter.context
        context.style = TerminalStyle(color: false, unicode: true, width: 100)
        context.showPicture = { [unowned self] in picture($0) }
        context.showProgress = { [unowned self] in progress($0) }
        // The session shows a value by its printout; the value itself gives the richer forms.
        let interpreter = session.interpreter
        let display = interpreter.display
        interpreter.display = { [unowned self, unowned interpreter] value in
            displayedValue = interpreter.richForms(of: value)
            display(value)
        }
        return session
    }

    /// Printed text, as a `stream` on stdout.
    func stream(_ text: String, name: String = "stdout") {
        guard !silent, !text.isEmpty else { return }
        publish("stream", ["name": name, "text": text], parent)
    }

    /// A displayed value: `execute_result` numbered as the shell numbers its `Out[n]`.
    func result(_ number: Int, _ text: String) {
        guard !silent else { return }
        var picture = displayedValue ?? ShellPicture(text: text)
        picture.text = text
        displayedValue = nil
        publish(
            "execute_result", ["execution_count": number, "data": bundle(picture), "metadata": [:] as JSONObject],
            parent)
    }

    /// Starts a request: its outputs will have `request` as parent.
    func begin(_ request: WireMessage?, silent: Bool) {
        parent = request
        self.silent = silent
        errorText = ""
        displayedValue = nil
        progressDisplay = nil
    }

    /// The `error` of a failed input: `ename` and `evalue` from the shell's error, the caret
    /// report as `traceback`.
    func errorContent(_ error: ShellError?) -> JSONObject {
        let report = errorText.trimmingCharacters(in: .newlines)
        let name = error?.kind.rawValue ?? "Error"
        let value = error?.message ?? report
        return [
            "ename": name, "evalue": name == "KeyboardInterrupt" ? "" : value,
            "traceback": report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
        ]
    }
}
