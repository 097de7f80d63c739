// libsqlstore: the umbrella header. Include this one.
#pragma once

#include "libsqlstore/error.hpp"
#include "libsqlstore/evals.hpp"
#include "libsqlstore/json.hpp"
#include "libsqlstore/json_api.hpp"
#include "libsqlstore/memory.hpp"
#include "libsqlstore/message_format.hpp"
#include "libsqlstore/operations.hpp"
#include "libsqlstore/options.hpp"
#include "libsqlstore/scores.hpp"
#include "libsqlstore/search.hpp"
#include "libsqlstore/store.hpp"
#include "libsqlstore/traces.hpp"
#include "libsqlstore/types.hpp"
#include "libsqlstore/vector.hpp"
#include "libsqlstore/version.hpp"
#include "libsqlstore/workflows.hpp"
