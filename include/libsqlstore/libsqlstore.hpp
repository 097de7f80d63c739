// libsqlstore: the umbrella header. Include this one.
#pragma once

#include "libsqlstore/error.hpp"
#include "libsqlstore/json.hpp"
#include "libsqlstore/memory.hpp"
#include "libsqlstore/options.hpp"
#include "libsqlstore/store.hpp"
#include "libsqlstore/types.hpp"
#include "libsqlstore/version.hpp"
