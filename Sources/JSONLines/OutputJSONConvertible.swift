/// A value that has a fixed JSON form in answers.
public protocol OutputJSONConvertible {
    var outputJSON: OutputJSON { get }
}
