# One place that decides the warnings every target gets.
function(tlcheck_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
    -Wformat=2 -Wvla -Wno-unused-parameter)
  if(TLCHECK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
