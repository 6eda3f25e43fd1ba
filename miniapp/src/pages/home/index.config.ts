export default definePageConfig({
  navigationBarTitleText: "一门通",
});
