import XCTest

final class AttnLangTestsPlaceholder: XCTestCase {}
