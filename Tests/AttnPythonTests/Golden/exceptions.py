# The Python dialect's golden corpus: try, except, else and finally.

#: catching a built-in error by its class and a base class
try:
    [1, 2][5]
except IndexError as e:
    print("IndexError:", e)
try:
    {}["k"]
except LookupError as e:
    print(type(e).__name__, e, repr(e.args))

#: the first matching handler runs; a tuple of classes
for value in ["3", "x", None]:
    try:
        print(int(value) * 2)
    except ValueError:
        print("not a number:", value)
    except (TypeError, AttributeError) as err:
        print("wrong type:", err)

#: else runs when nothing was raised, finally always
def f(x):
    try:
        y = 10 / x
    except ZeroDivisionError:
        print("division by zero")
        return None
    else:
        print("ok", y)
        return y
    finally:
        print("finally", x)
print(f(2), f(0))

#: a return in finally wins
def g():
    try:
        return "body"
    finally:
        return "finally"
print(g())

#: break and continue through finally
out = []
for i in range(5):
    try:
        if i == 1:
            continue
        if i == 3:
            break
        out.append(i)
    finally:
        out.append(-i)
print(out)

#: a user's exception class, its attributes and inheritance
class ShapeError(ValueError):
    def __init__(self, message, shape):
        super().__init__(message)
        self.shape = shape
try:
    raise ShapeError("bad shape", (2, 3))
except ValueError as e:
    print(type(e).__name__, e, e.shape, isinstance(e, ShapeError))

#: an exception not caught by the handlers goes on, after finally
def h():
    try:
        raise KeyError("missing")
    except ValueError:
        print("not this one")
    finally:
        print("cleanup")
h()

#: a bare raise re-raises what is being handled
try:
    try:
        1 / 0
    except ZeroDivisionError:
        print("handling")
        raise
except ArithmeticError as e:
    print("outer:", e)

#: the as-name is unbound after the handler
try:
    raise RuntimeError("boom")
except RuntimeError as problem:
    pass
print(problem)

#: numpy's errors are caught by their classes
import numpy as np
try:
    np.zeros((2, 3)) @ np.zeros((2, 3))
except ValueError as e:
    print("ValueError caught")
try:
    np.zeros((2, 2)).sum(axis=3)
except np.exceptions.AxisError as e:
    print("AxisError:", e)
except IndexError:
    print("wrong")

#: a bare except catches everything, Exception catches errors
for thing in [lambda: 1 / 0, lambda: undefined_name, lambda: "a" + 1]:
    try:
        thing()
    except Exception as e:
        print(type(e).__name__)
try:
    assert 1 == 2, "one is not two"
except:
    print("bare except")

#: catching a class that is not an exception is a TypeError
try:
    1 / 0
except int:
    pass

#: an error inside a handler replaces the one being handled
try:
    try:
        1 / 0
    except ZeroDivisionError:
        [][0]
except IndexError as e:
    print("IndexError from the handler:", e)

#: else without except is a syntax error
try:
    pass
else:
    pass
